import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';

/** A request whose token is missing, invalid or could not be verified: the caller answers 401, without details. */
export class UnauthorizedRequestError extends Error {
  constructor(readonly reason: string) {
    super('unauthorized');
  }
}

/**
 * CloudAdapter with authentication as a separate, visible step. The stock `process` answers a token it cannot
 * verify (e.g. the signing keys are unreachable) with 500 and the raw error text, and prints the error with
 * console.error, outside our logger; here every authentication failure becomes {@link UnauthorizedRequestError}.
 */
export class AuthenticatingCloudAdapter extends CloudAdapter {
  async processAuthenticated(
    activity: Activity,
    authHeader: string,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    let authenticated;
    try {
      authenticated = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    } catch (err) {
      throw new UnauthorizedRequestError((err as Error)?.message ?? String(err));
    }
    return this.processActivity(authenticated, activity, logic);
  }
}
