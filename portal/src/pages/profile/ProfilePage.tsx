import { Spinner } from '@digdir/designsystemet-react';
import { useState } from 'react';
import { api } from '../../api.ts';
import { useTexts } from '../../i18n.tsx';
import type { RouteProps } from '../../routes.tsx';
import { Page } from '../../ui/Page.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { LoginSettingsForm, type LoginSettings } from './LoginSettingsForm.tsx';
import { ContactForm, type MyProfile } from './ContactForm.tsx';
import { profileTexts } from './texts.ts';
import './profile.css';

/** The mobile number lives in both sections (it is one value in Tinn): a save in one updates the other. */
export interface MobileSync {
  value: string | null;
  from: 'contact' | 'settings';
  round: number;
}

/**
 * "Min profil": contact details and language, and "Avanserte innstillinger" (user name, mobile for one-time
 * codes, password, the end-user-system flag), each saved on its own.
 */
export default function ProfilePage(_props: RouteProps) {
  const t = useTexts(profileTexts);
  const loaded = useLoad(
    async (signal) => {
      const [profile, settings] = await Promise.all([
        api<MyProfile>('GET', '/api/v1/profile', undefined, { signal }),
        api<LoginSettings>('GET', '/api/v1/profile/login-settings', undefined, { signal }),
      ]);
      return { profile, settings };
    },
    [],
  );
  const [mobileSync, setMobileSync] = useState<MobileSync>({ value: null, from: 'contact', round: 0 });
  const share = (from: MobileSync['from']) => (value: string | null) => setMobileSync((s) => ({ value, from, round: s.round + 1 }));

  return (
    <Page title={t.title}>
      {loaded.loading && <Spinner aria-label={t.loading} data-size="md" />}
      <ProblemAlert error={loaded.error} />
      {loaded.data && (
        <div className="profile-sections">
          <ContactForm initial={loaded.data.profile} mobileSync={mobileSync} onMobileSaved={share('contact')} />
          <LoginSettingsForm initial={loaded.data.settings} mobileSync={mobileSync} onMobileSaved={share('settings')} />
        </div>
      )}
    </Page>
  );
}
