/**
 * Is a requester's reply after resolution just thanks (kudos, no reopen) or a new problem
 * (reopen)? Rule-based and deliberately cautious (research AT-31): a question, a negation or a
 * word of trouble means "reopen"; only a short message of thanks is kudos.
 */

const THANKS =
  /\b(thanks?|thank\s*you|thx|ty|cheers|ta|brilliant|great|fantastic|perfect|sorted|excellent|amazing|awesome|lovely|legend|star|superb|appreciated?|grateful|works?\s+(now|perfectly|fine|great)|working\s+(now|again|fine)|all\s+good|fixed)\b/i;
const TROUBLE =
  /(\?|\b(not|n't|no longer|still|again|another|also|but|however|broken|error|fail(s|ed|ing)?|won'?t|can'?t|cannot|unable|problem|issue|help|wrong|same|stopped|crash(es|ed)?|slow|missing|urgent|please)\b)/i;

export function isThanksOnly(text: string): boolean {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length === 0 || t.length > 280) return false;
  return THANKS.test(t) && !TROUBLE.test(t);
}
