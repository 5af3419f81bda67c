import { SignJWT } from 'jose';
import { ASSERTION } from '../../bot/webchat/webChatTokens.js';

/** What the website hands the Web Chat page for a signed-in user: an HS256 assertion with the shared secret. */
export function signWebsiteAssertion(
  sub: string,
  secret: string,
  { name = 'Anna de Vries', expiresIn = '5m', issuedAt = Math.floor(Date.now() / 1000) } = {},
): Promise<string> {
  return new SignJWT({ name })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(ASSERTION.issuer)
    .setAudience(ASSERTION.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
