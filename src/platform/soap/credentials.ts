import type { EndUserCredentials } from './endpoint.ts';

/**
 * The credentials an end-user Basic request carries as its first body parameters (Altinn II:
 * `systemUserName`, `systemPassword`, `userSSN`, `userPassword`, `userPinCode`, `authMethod`), as
 * SoapAuthenticator.system takes them. On a WS binding the first two are absent (the UsernameToken has them);
 * on EC the body has the enterprise user's `userName` and `password` instead.
 */
export function bodySystemCredentials(input: Record<string, any>): EndUserCredentials {
  return {
    enterpriseUserName: input.userName as string | undefined,
    enterpriseUserPassword: input.password as string | undefined,
    systemId: input.systemUserName as string | undefined,
    systemPassword: input.systemPassword as string | undefined,
    userSSN: input.userSSN as string | undefined,
    userPassword: input.userPassword as string | undefined,
    userPinCode: input.userPinCode as string | undefined,
    authMethod: input.authMethod as string | undefined,
  };
}
