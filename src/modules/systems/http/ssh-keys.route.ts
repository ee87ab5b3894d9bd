import Type from 'typebox';
import { problemResponses, requireActor, type HttpApp } from '../../../platform/index.ts';
import type { SshKeyView, Systems } from '../index.ts';

const SshKeySchema = Type.Object({
  keyId: Type.String({ format: 'uuid' }),
  algorithm: Type.String({ description: 'ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa' }),
  fingerprint: Type.String({ description: 'SHA256:… as `ssh-keygen -l` prints it' }),
  comment: Type.String({ description: 'the text after the key in the .pub file (often user@host); may be empty' }),
  createdAt: Type.String({ format: 'date-time' }),
});
const SshKeyList = Type.Object({ sshKeys: Type.Array(SshKeySchema) });
const SshKeyBody = Type.Object(
  { publicKey: Type.String({ maxLength: 32768, description: 'one OpenSSH public key line, as in id_ed25519.pub; never the private key' }) },
  { additionalProperties: false },
);

const SystemParams = Type.Object({ reportee: Type.String({ description: "'me' or an organisation number" }), systemId: Type.Integer() });
const SystemKeyParams = Type.Object({ ...SystemParams.properties, keyId: Type.String({ format: 'uuid' }) });
const UserParams = Type.Object({ reportee: Type.String({ description: 'an organisation number' }), userName: Type.String({ maxLength: 50 }) });
const UserKeyParams = Type.Object({ ...UserParams.properties, keyId: Type.String({ format: 'uuid' }) });

const keyDto = (k: SshKeyView) => ({ ...k, createdAt: k.createdAt.toISOString() });

const ADD_DESCRIPTION =
  'The account then logs in to SFTP with the key (the SFTP user name is the SystemID, or the enterprise user name). At most 10 keys per account (SYS-00018); the same key twice is SYS-00019; a text that is no accepted key is PLAT-00024 (one OpenSSH line of ssh-ed25519, ecdsa-sha2-nistp256/384/521 or ssh-rsa of at least 2048 bits).';

/** REST routes for the SSH keys of data systems and enterprise users (SFTP logins). */
export function sshKeyRoutes(app: HttpApp, systems: Systems): void {
  app.get(
    '/api/v1/reportees/:reportee/systems/:systemId/ssh-keys',
    { schema: { tags: ['systems'], summary: "A data system's SSH keys (SFTP)", params: SystemParams, response: { 200: SshKeyList, ...problemResponses(400, 401, 403, 404) } } },
    async (req) => ({ sshKeys: (await systems.listDataSystemSshKeys(await requireActor(req), req.params.reportee, req.params.systemId)).map(keyDto) }),
  );

  app.post(
    '/api/v1/reportees/:reportee/systems/:systemId/ssh-keys',
    {
      schema: {
        tags: ['systems'],
        summary: 'Add an SSH public key to a data system (level 2)',
        description: ADD_DESCRIPTION,
        params: SystemParams,
        body: SshKeyBody,
        response: { 201: SshKeySchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const key = await systems.addDataSystemSshKey(await requireActor(req), req.params.reportee, req.params.systemId, req.body.publicKey);
      reply.code(201);
      return keyDto(key);
    },
  );

  app.delete(
    '/api/v1/reportees/:reportee/systems/:systemId/ssh-keys/:keyId',
    {
      schema: {
        tags: ['systems'],
        summary: "Delete a data system's SSH key (level 2): logins with it stop at once",
        params: SystemKeyParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await systems.deleteDataSystemSshKey(await requireActor(req), req.params.reportee, req.params.systemId, req.params.keyId);
      reply.code(204);
      return null;
    },
  );

  app.get(
    '/api/v1/reportees/:reportee/enterprise-users/:userName/ssh-keys',
    { schema: { tags: ['systems'], summary: "An enterprise user's SSH keys (SFTP)", params: UserParams, response: { 200: SshKeyList, ...problemResponses(400, 401, 403, 404) } } },
    async (req) => ({ sshKeys: (await systems.listEnterpriseUserSshKeys(await requireActor(req), req.params.reportee, req.params.userName)).map(keyDto) }),
  );

  app.post(
    '/api/v1/reportees/:reportee/enterprise-users/:userName/ssh-keys',
    {
      schema: {
        tags: ['systems'],
        summary: 'Add an SSH public key to an enterprise user (level 2)',
        description: `${ADD_DESCRIPTION} Enterprise users log in to SFTP with a key only, never a password.`,
        params: UserParams,
        body: SshKeyBody,
        response: { 201: SshKeySchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const key = await systems.addEnterpriseUserSshKey(await requireActor(req), req.params.reportee, req.params.userName, req.body.publicKey);
      reply.code(201);
      return keyDto(key);
    },
  );

  app.delete(
    '/api/v1/reportees/:reportee/enterprise-users/:userName/ssh-keys/:keyId',
    {
      schema: {
        tags: ['systems'],
        summary: "Delete an enterprise user's SSH key (level 2): logins with it stop at once",
        params: UserKeyParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await systems.deleteEnterpriseUserSshKey(await requireActor(req), req.params.reportee, req.params.userName, req.params.keyId);
      reply.code(204);
      return null;
    },
  );
}
