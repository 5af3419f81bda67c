/**
 * Splits a message that asks two things ("wat kost een basispakket en wanneer worden de licenties geleverd?",
 * "Waarom heb ik al een factuur? En kloppen de aantallen?") into its questions. A new question starts after a
 * question mark, or at "en"/"ook" followed by a question word ("of" joins alternatives of one question). Parts
 * shorter than three words stay with the one before them, so "hoe en wanneer?" is not split.
 */
const BOUNDARY =
  /\?+\s+|,?\s+(?:en|ook)\s+(?=(?:wat|wanneer|waarom|hoe|hoeveel|hoelang|waar|wie|welke|kan|kun|kunnen|mag|moet|is|zijn)\b)/i;
const MIN_WORDS = 3;
const MAX_PARTS = 3;

export function splitQuestions(text: string): string[] {
  const parts: string[] = [];
  for (const raw of text.split(BOUNDARY)) {
    const part = raw.trim();
    if (!part) continue;
    if (parts.length && part.split(/\s+/).length < MIN_WORDS) parts[parts.length - 1] += ` ${part}`;
    else parts.push(part);
  }
  return parts.length > 1 && parts.length <= MAX_PARTS && parts.every((p) => p.split(/\s+/).length >= MIN_WORDS)
    ? parts
    : [text];
}
