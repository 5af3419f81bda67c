import { ConfigError, loadConfig } from '../../config/config.js';

describe('configuration from the environment', () => {
  it('runs on embedded defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config).toEqual(
      expect.objectContaining({
        port: 3978,
        stateStore: { kind: 'lowdb' },
        transcriptStore: { kind: 'none' },
        rateLimitPerMinute: 60,
        retention: { ticketDays: 365, conversationDays: 30 },
      }),
    );
  });

  it('selects Azure Blob Storage for state and transcripts, each in its own container', () => {
    const config = loadConfig({
      STATE_STORE: 'blobs',
      TRANSCRIPT_STORE: 'blobs',
      AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
    });
    expect(config.stateStore).toEqual({
      kind: 'blobs',
      connectionString: 'UseDevelopmentStorage=true',
      container: 'bot-state',
    });
    expect(config.transcriptStore).toEqual({
      kind: 'blobs',
      connectionString: 'UseDevelopmentStorage=true',
      container: 'bot-transcripts',
    });
  });

  it('puts every shared store on Azure with STORE=azure: tables for the stores, blobs for state', () => {
    const config = loadConfig({ STORE: 'azure', AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' });
    expect(config.store).toEqual({
      kind: 'azure',
      connectionString: 'UseDevelopmentStorage=true',
      tablePrefix: 'slb',
    });
    expect(config.stateStore).toEqual({
      kind: 'blobs',
      connectionString: 'UseDevelopmentStorage=true',
      container: 'bot-state',
    });
    expect(loadConfig({}).store).toEqual({ kind: 'lowdb' });
  });

  it.each([
    [{ STORE: 'azure' }, /STORE=azure needs AZURE_STORAGE_CONNECTION_STRING/],
    [
      { STORE: 'azure', AZURE_STORAGE_CONNECTION_STRING: 'x', STATE_STORE: 'lowdb' },
      /STATE_STORE=lowdb would keep it per instance/,
    ],
    [
      { STORE: 'azure', AZURE_STORAGE_CONNECTION_STRING: 'x', TRANSCRIPT_STORE: 'lowdb' },
      /TRANSCRIPT_STORE=blobs or none/,
    ],
    [{ STORE: 'azure', AZURE_STORAGE_CONNECTION_STRING: 'x', AZURE_TABLE_PREFIX: 'slb-test' }, /AZURE_TABLE_PREFIX/],
    [{ STORE: 'files' }, /STORE/],
    [{ STATE_STORE: 'blobs' }, /STATE_STORE=blobs needs AZURE_STORAGE_CONNECTION_STRING/],
    [{ TRANSCRIPT_STORE: 'blobs' }, /TRANSCRIPT_STORE=blobs needs AZURE_STORAGE_CONNECTION_STRING/],
    [{ TRANSCRIPT_STORE: 'files' }, /TRANSCRIPT_STORE/],
    [{ PORT: 'abc', RATE_LIMIT_PER_MINUTE: '-1' }, /PORT.*RATE_LIMIT_PER_MINUTE/],
    [{ MicrosoftAppId: 'app' }, /MicrosoftAppId is set but MicrosoftAppPassword is not/],
  ])('refuses %j with a message naming the problem', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
