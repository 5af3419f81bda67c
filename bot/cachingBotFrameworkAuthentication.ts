import { ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import { withLeanActivitySending } from './leanActivitySender.js';

type Auth = ConfigurationBotFrameworkAuthentication;
type ClaimsIdentity = Parameters<Auth['createConnectorFactory']>[0];
type ConnectorFactory = ReturnType<Auth['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type UserTokenClient = Awaited<ReturnType<Auth['createUserTokenClient']>>;
type AuthenticateRequestResult = Awaited<ReturnType<Auth['authenticateRequest']>>;

/** More distinct (app, serviceUrl, audience) triples than a bot ever talks to; a flood of made-up ones is cut off. */
const MAX_CACHED = 500;

/** The claims that decide which credentials a client gets (see JwtTokenValidation.getAppIdFromClaims). */
const CREDENTIAL_CLAIMS = new Set(['appid', 'azp', 'ver', 'aud']);

function credentialKey(identity: ClaimsIdentity): string {
  return identity.claims
    .filter((c) => CREDENTIAL_CLAIMS.has(c.type))
    .map((c) => `${c.type}=${c.value}`)
    .sort()
    .join('&');
}

/**
 * The SDK's authentication with its clients reused. CloudAdapter builds a new ConnectorClient (an HTTP pipeline
 * with its serializers) and a new UserTokenClient for every incoming activity; under load that is about a tenth
 * of a turn's CPU. Both only depend on the app's credentials, the serviceUrl and the audience, and hold no
 * per-turn state (tokens are cached by the credentials object), so one per key serves every turn.
 */
export class CachingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  override async authenticateRequest(
    activity: TurnContext['activity'],
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: this.caching(result.connectorFactory, credentialKey(result.claimsIdentity)) };
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.caching(super.createConnectorFactory(claimsIdentity), credentialKey(claimsIdentity));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return remember(this.tokenClients, credentialKey(claimsIdentity), () =>
      super.createUserTokenClient(claimsIdentity),
    );
  }

  private caching(factory: ConnectorFactory, credentials: string): ConnectorFactory {
    return {
      create: (serviceUrl: string, audience?: string) =>
        remember(this.connectors, `${credentials}\n${serviceUrl}\n${audience ?? ''}`, () =>
          factory.create(serviceUrl, audience).then(withLeanActivitySending),
        ),
    } as ConnectorFactory;
  }
}

function remember<T>(cache: Map<string, Promise<T>>, key: string, create: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    if (cache.size >= MAX_CACHED) cache.clear();
    value = create();
    cache.set(key, value);
    // A failed creation (credentials service down) is retried on the next turn, not remembered.
    value.catch(() => cache.delete(key));
  }
  return value;
}
