import type { Scenario } from '../lib/scenario.ts';
import { authToken } from './auth-token.ts';
import { authzDecision } from './authz-decision.ts';
import { brokerStreaming } from './broker-streaming.ts';
import { correspondence } from './correspondence.ts';
import { login } from './login.ts';
import { messageBox } from './message-box.ts';
import { notifications } from './notifications.ts';
import { orgLookup } from './org-lookup.ts';
import { portal } from './portal.ts';
import { sftpUpload } from './sftp-upload.ts';
import { soapSubmission } from './soap-submission.ts';
import { startup } from './startup.ts';
import { submission } from './submission.ts';
import { systemToken } from './system-token.ts';

/** Every scenario, in the order `npm run bench` runs them and docs/benchmarks.md lists them. */
export const scenarios: Scenario[] = [orgLookup, startup, authToken, login, systemToken, authzDecision, submission, soapSubmission, messageBox, notifications, correspondence, brokerStreaming, sftpUpload, portal];
