// Key material: the public keys that verify checkpoints, proofs and inspection marks (with SHA-256
// fingerprints to compare with what regulators hold), and how to rotate the data-encryption key. Rotation is
// an operator's command on the server, not a button here: it writes the new key into the server's own key file
// (every API node and the CLI must be given the same file before rows move to it), it cannot create a key when
// keys come from PARCELGUARD_KEYS, and it re-encrypts every stored personal value, which outlasts a request.
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { CardTitle } from './shared';
import { Loading } from '../../app/Loading';

export const ROTATE_COMMAND = 'npx parcelguard keys rotate';
const PUBLIC_KEY_COMMAND = 'npx parcelguard audit public-key > key.pem';

interface PublicKey {
  keyId: string;
  publicKeyPem: string;
}

/** SHA-256 over the key's DER (SubjectPublicKeyInfo), hex in pairs: what `openssl pkey -pubin -outform DER | sha256sum` prints. */
async function fingerprint(pem: string): Promise<string> {
  const base64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const der = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', der));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join(':');
}

export default function KeysTab() {
  const { t } = useTranslation(['admin', 'common']);
  const { message } = App.useApp();
  const keys = useQuery({
    queryKey: ['admin', 'public-keys'],
    queryFn: async () => {
      const found = await unwrap(api.GET('/api/v1/audit/public-keys'));
      return Promise.all(
        found.map(async (key: PublicKey) => ({
          ...key,
          fingerprint: await fingerprint(key.publicKeyPem).catch(() => null),
        })),
      );
    },
  });
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      void message.success(t('secret.copied'));
    } catch {
      void message.error(t('secret.copyFailed'));
    }
  };
  return (
    <Flex vertical gap={16}>
      <Card title={<CardTitle>{t('keys.signingTitle')}</CardTitle>}>
        <Typography.Paragraph>{t('keys.signingExplain')}</Typography.Paragraph>
        {keys.isPending ? (
          <Loading label={t('common:state.loading')} />
        ) : (
          <Table
            rowKey="keyId"
            pagination={false}
            dataSource={keys.data ?? []}
            locale={{ emptyText: <Empty description={t('common:state.empty')} /> }}
            columns={[
              { title: t('keys.keyId'), dataIndex: 'keyId' },
              {
                title: t('keys.fingerprint'),
                dataIndex: 'fingerprint',
                render: (value: string | null) => (
                  <Typography.Text code style={{ wordBreak: 'break-all' }}>
                    {value ?? '—'}
                  </Typography.Text>
                ),
              },
              {
                title: t('keys.publicKey'),
                key: 'pem',
                render: (_, key) => (
                  <Button
                    size="small"
                    aria-label={t('keys.copyPemOf', { id: key.keyId })}
                    onClick={() => void copy(key.publicKeyPem)}
                  >
                    {t('keys.copyPem')}
                  </Button>
                ),
              },
            ]}
          />
        )}
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
          {t('keys.publicKeyCli')} <Typography.Text code>{PUBLIC_KEY_COMMAND}</Typography.Text>
        </Typography.Paragraph>
      </Card>
      <Card title={<CardTitle>{t('keys.rotationTitle')}</CardTitle>}>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('keys.rotationWhere')} />
        <Typography.Paragraph>{t('keys.rotationExplain')}</Typography.Paragraph>
        <Flex gap={8} wrap align="center">
          <Typography.Text code>{ROTATE_COMMAND}</Typography.Text>
          <Button size="small" onClick={() => void copy(ROTATE_COMMAND)}>
            {t('keys.copyCommand')}
          </Button>
        </Flex>
        <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
          {t('keys.rotationSteps')}
        </Typography.Paragraph>
      </Card>
    </Flex>
  );
}
