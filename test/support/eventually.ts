/**
 * Polls `probe` until `done` holds for its result, for effects the bot finishes after answering (transcript
 * lines are written once the turn has replied). Fails with the last result when it never holds.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(
        `eventually: condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)?.slice(0, 500)}`,
      );
    await new Promise((r) => setTimeout(r, 25));
  }
}
