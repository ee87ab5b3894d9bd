import type { SoapOperation } from '../../../platform/soap/index.ts';
import type { Authn, SystemAuthMethod, SystemChallenge } from '../index.ts';

/** AuthMethod values the use case knows; TaxPin was retired in 2017. */
const AUTH_METHODS: readonly string[] = ['SMSPin', 'AltinnPin'] satisfies SystemAuthMethod[];

/**
 * The use case's statuses as ChallengeRequestResult. Altinn II's name for "no unused code in a code letter"
 * is NoPinFound; Tinn's REST says NoCodeLetter.
 */
const STATUS: Record<SystemChallenge['status'], string> = { Ok: 'Ok', NoPhoneNumber: 'NoPhoneNumber', NoCodeLetter: 'NoPinFound' };

/**
 * SystemAuthentication (`/AuthenticationExternal/SystemAuthentication.svc`, Basic only): a data system asks
 * for its user's one-time code. The same use case as `POST /api/v1/authn/system/challenge`; the SystemUserName
 * comes without a password (Altinn II's contract), so the use case checks the system exists and the user's
 * own password. A missing mobile number or code letter is a Status, as in Altinn II; refusals are faults.
 */
export function systemAuthenticationOperations(authn: Authn): Record<string, SoapOperation> {
  return {
    Test: async () => ({}),

    GetAuthenticationChallenge: async (input, call) => {
      const request = input.challengeRequest ?? {};
      const authMethod: string = request.AuthMethod ?? '';
      // An unknown method is InvalidPinType in Altinn II's contract, the answer REST gives as a 400.
      if (!AUTH_METHODS.includes(authMethod)) {
        return { GetAuthenticationChallengeResult: { Message: `AuthMethod must be one of ${AUTH_METHODS.join(', ')}`, Status: 'InvalidPinType' } };
      }
      const challenge = await authn.getSystemChallenge(
        { systemId: request.SystemUserName ?? '', userIdentifier: request.UserSSN ?? '', userPassword: request.UserPassword ?? '', authMethod: authMethod as SystemAuthMethod },
        { ip: call.ip },
      );
      return {
        GetAuthenticationChallengeResult: {
          Message: challenge.message,
          Status: STATUS[challenge.status],
          ValidFrom: challenge.validFrom ?? undefined,
          ValidTo: challenge.validTo ?? undefined,
        },
      };
    },
  };
}
