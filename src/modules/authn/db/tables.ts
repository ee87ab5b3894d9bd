import type { ColumnType, Generated } from 'kysely';
import type { AuthMethod } from '../../../platform/index.ts';

type Json<T> = ColumnType<T, unknown, unknown>;

export interface AuthnDatabase {
  'authn.password': { party_id: number; hash: string; updated_at: Date };
  'authn.lockout': { subject: string; failures: number; locked_until: Date | null; updated_at: Date };
  'authn.login_challenge': {
    id: string;
    party_id: number;
    code_hash: string;
    attempts: Generated<number>;
    created_at: Date;
    expires_at: Date;
    consumed_at: Date | null;
  };
  'authn.code_letter': { id: string; party_id: number; created_at: Date; revoked_at: Date | null };
  'authn.code_letter_code': { letter_id: string; number: number; code_hash: string; used_at: Date | null };
  'authn.ws_nonce': {
    nonce_hash: string;
    expires_at: Date;
  };
  'authn.system_challenge': {
    id: string;
    system_id: number | null;
    user_party_id: number;
    auth_method: 'SMSPin' | 'AltinnPin';
    code_hash: string | null;
    letter_id: string | null;
    pin_number: number | null;
    attempts: Generated<number>;
    created_at: Date;
    code_expires_at: Date;
    validated_at: Date | null;
    valid_until: Date | null;
    max_valid_until: Date | null;
    ended_at: Date | null;
  };
  'authn.session': {
    id: string;
    token_hash: string;
    party_id: number;
    security_level: number;
    methods: Json<AuthMethod[]>;
    created_at: Date;
    last_seen_at: Date;
    expires_at: Date;
    revoked_at: Date | null;
  };
  'authn.signing_key': {
    kid: string;
    algorithm: string;
    public_jwk: Json<Record<string, string>>;
    private_pem: string;
    created_at: Date;
    retired_at: Date | null;
  };
}
