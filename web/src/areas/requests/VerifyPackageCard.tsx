// Checks a package handed back (by the officers, or a copy kept on file) against this installation's keys: the
// manifest's signature and every file's hash, as `parcelguard request verify-package` does offline.
import { useMutation } from '@tanstack/react-query';
import { Alert, Card, Form, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { PackageBody } from './types';

export function VerifyPackageCard() {
  const { t } = useTranslation('requests');
  const inputId = useId();
  const [unreadable, setUnreadable] = useState<string | null>(null);
  const check = useMutation({
    mutationFn: (body: PackageBody) => unwrap(api.POST('/api/v1/lawful-requests/verify-package', { body })),
  });

  const choose = async (file: File | undefined) => {
    setUnreadable(null);
    check.reset();
    if (file === undefined) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch {
      setUnreadable(t('verify.notJson', { name: file.name }));
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setUnreadable(t('verify.notPackage', { name: file.name }));
      return;
    }
    check.mutate(parsed as PackageBody);
  };

  const result = check.data;
  return (
    <Card
      style={{ marginBottom: 16 }}
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 16 }}>
          {t('verify.title')}
        </Typography.Title>
      }
    >
      <Typography.Paragraph type="secondary">{t('verify.help')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('verify.file')} htmlFor={inputId}>
          <input
            id={inputId}
            type="file"
            accept="application/json,.json"
            onChange={(event) => void choose(event.target.files?.[0])}
          />
        </Form.Item>
      </Form>
      {unreadable !== null && <Alert type="error" showIcon title={unreadable} />}
      {check.isPending && <Typography.Text>{t('verify.checking')}</Typography.Text>}
      {check.isError && <Alert type="error" showIcon title={check.error.message} />}
      {result !== undefined &&
        (result.valid ? (
          <Alert
            type="success"
            showIcon
            title={t('verify.valid', { reference: result.reference ?? '', count: result.files ?? 0 })}
          />
        ) : (
          <Alert type="error" showIcon title={t('verify.invalid', { reason: result.reason ?? '' })} />
        ))}
    </Card>
  );
}
