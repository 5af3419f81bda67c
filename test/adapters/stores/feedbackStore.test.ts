import { AzureFeedbackStore } from '../../../adapters/feedback/azureFeedbackStore.js';
import type { FeedbackStore } from '../../../adapters/feedback/feedbackStore.js';
import { LowdbFeedbackStore } from '../../../adapters/feedback/lowdbFeedbackStore.js';
import { BACKENDS, useStoreBackends, type Backend } from '../../support/storeBackends.js';

const backends = useStoreBackends();

describe.each(BACKENDS)('FeedbackStore (%s)', (backend: Backend) => {
  const embedded: LowdbFeedbackStore[] = [];
  const open = (): FeedbackStore => {
    const place = backends.place();
    if (backend === 'azure') return new AzureFeedbackStore(place.tables);
    const store = new LowdbFeedbackStore(place.dataDir);
    embedded.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of embedded.splice(0)) await store.close();
  });

  it('keeps feedback and unanswered questions, with personal data masked', async () => {
    const store = open();
    await store.recordFeedback({
      entryId: '1.5',
      question: 'Mail me op jan@school.nl of bel 06-12345678',
      helpful: false,
      at: '2026-11-20T10:00:00.000Z',
    });
    await store.recordUnanswered({ question: 'Wat kost een koffie?', at: '2026-11-20T10:01:00.000Z' });
    await store.recordUnanswered({ question: 'x'.repeat(800), at: '2026-11-20T10:02:00.000Z' });
    const data = await store.list();
    expect(data.feedback).toEqual([
      {
        entryId: '1.5',
        question: 'Mail me op [e-mailadres] of bel [telefoonnummer]',
        helpful: false,
        at: '2026-11-20T10:00:00.000Z',
      },
    ]);
    expect(data.unanswered.map((u) => u.question.length)).toEqual([20, 500]);
    expect(data.clarified).toEqual([]);
  });

  it('notes which offered entry the user chose, and ignores a choice for a record that is gone', async () => {
    const store = open();
    const candidates = [
      { id: '1.5', score: 0.6 },
      { id: '1.9', score: 0.55 },
    ];
    await store.recordClarified({ id: 'r1', question: 'basispakketten', candidates, at: '2026-11-20T10:00:00.000Z' });
    await store.recordClarified({ id: 'r2', question: 'factuur', candidates, at: '2026-11-20T10:05:00.000Z' });
    await store.recordClarifyChoice('r1', '1.9');
    await store.recordClarifyChoice('no-such-record', '1.5');
    const { clarified } = await store.list();
    expect(clarified).toEqual([
      { id: 'r1', question: 'basispakketten', candidates, chosen: '1.9', at: '2026-11-20T10:00:00.000Z' },
      { id: 'r2', question: 'factuur', candidates, at: '2026-11-20T10:05:00.000Z' },
    ]);
  });
});
