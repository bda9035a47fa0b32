import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/problem';
import type { Me } from './session';
import { useSession } from './session';

interface Values {
  username: string;
  password: string;
}

/** Username and password; used by the sign-in page and by the dialog shown when a session expires. */
export function SignInForm({ onSignedIn, username }: { onSignedIn: (me: Me) => void; username?: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(values: Values) {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await session.signIn(values.username.trim(), values.password));
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.status === 429
          ? t('signIn.throttled')
          : caught instanceof ApiError && caught.status === 401
            ? t('signIn.rejected')
            : t('errors.network'),
      );
    } finally {
      setBusy(false);
    }
  }
  return (
    <Form<Values>
      layout="vertical"
      requiredMark={false}
      initialValues={{ username: username ?? '' }}
      onFinish={(values) => void submit(values)}
    >
      <Form.Item
        label={t('signIn.username')}
        name="username"
        rules={[{ required: true, message: t('signIn.usernameRequired') }]}
      >
        <Input autoComplete="username" autoFocus={username === undefined} />
      </Form.Item>
      <Form.Item
        label={t('signIn.password')}
        name="password"
        rules={[{ required: true, message: t('signIn.passwordRequired') }]}
      >
        <Input.Password autoComplete="current-password" autoFocus={username !== undefined} />
      </Form.Item>
      {error === null ? null : (
        <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} role="alert" />
      )}
      <Button type="primary" htmlType="submit" block loading={busy}>
        {t('signIn.submit')}
      </Button>
    </Form>
  );
}
