import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { ApiError } from '../../../api/problem';
import { documentErrors, parseJsonObject } from '../risk/jsonDocument';
import { useCatalogue } from './queries';

interface Values {
  candidate: string;
  notes?: string;
}

/** A new catalogue version as JSON (starting from the active one), validated by the API and published. */
export function PublishCatalogue({
  activeVersion,
  onPublished,
}: {
  activeVersion: string;
  onPublished: (version: string, previous: string) => void;
}) {
  const { t } = useTranslation('security');
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const active = useCatalogue(activeVersion);

  const loadActive = () => {
    if (active.data === undefined) return;
    form.setFieldsValue({ candidate: JSON.stringify(active.data, null, 2) });
    form.setFields([{ name: 'candidate', errors: [] }]);
    setUnplaced([]);
  };
  useEffect(() => {
    // Only when the active version arrives: what the officer typed is never overwritten.
    if (active.data !== undefined && (form.getFieldValue('candidate') ?? '') === '') loadActive();
  }, [active.data]);

  const publish = useMutation({
    mutationFn: ({ catalogue, notes }: { catalogue: Record<string, unknown>; notes: string }) =>
      unwrap(
        api.POST('/api/v1/catalogue/versions', {
          body: { catalogue, ...(notes.trim() === '' ? {} : { notes: notes.trim() }) },
        }),
      ),
    onMutate: () => {
      form.setFields([
        { name: 'candidate', errors: [] },
        { name: 'notes', errors: [] },
      ]);
      setUnplaced([]);
    },
    onSuccess: async (summary) => {
      void message.success(t('catalogue.publish.published', { version: summary.version }));
      await queryClient.invalidateQueries({ queryKey: ['catalogue-versions'] });
      onPublished(summary.version, activeVersion);
    },
    onError: (error: Error) => {
      if (!(error instanceof ApiError)) {
        setUnplaced([error.message]);
        return;
      }
      const found = documentErrors(error.problem, 'catalogue');
      form.setFields([
        { name: 'candidate', errors: found.document },
        ...found.fields.map((field) => ({ name: field.name as never, errors: field.errors })),
      ]);
      setUnplaced(found.unplaced);
    },
  });

  const confirmPublish = () => {
    const parsed = parseJsonObject((form.getFieldValue('candidate') as string | undefined) ?? '');
    if ('error' in parsed) {
      form.setFields([
        {
          name: 'candidate',
          errors: [
            parsed.error === 'not-object' ? t('json.notObject') : t('json.invalid', { detail: parsed.error }),
          ],
        },
      ]);
      return;
    }
    const catalogue = parsed.value;
    const version = typeof catalogue.version === 'string' ? catalogue.version : '';
    modal.confirm({
      title: t('catalogue.publish.confirmTitle', { version }),
      content: t('catalogue.publish.confirmBody'),
      okText: t('catalogue.publish.submit'),
      cancelText: t('cancel'),
      mask: { closable: false },
      onOk: () =>
        publish.mutate({ catalogue, notes: (form.getFieldValue('notes') as string | undefined) ?? '' }),
    });
  };

  return (
    <Card title={t('catalogue.publish.title')}>
      <Alert type="info" showIcon title={t('catalogue.publish.help')} style={{ marginBottom: 16 }} />
      <Form<Values> form={form} layout="vertical" initialValues={{ candidate: '' }}>
        <Form.Item name="candidate" label={t('catalogue.publish.document')}>
          <Input.TextArea
            rows={20}
            spellCheck={false}
            style={{ fontFamily: 'monospace', fontSize: 13 }}
            disabled={active.isPending}
          />
        </Form.Item>
        <Form.Item name="notes" label={t('catalogue.publish.notes')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        {unplaced.length > 0 && (
          <Alert type="error" showIcon title={unplaced.join('; ')} style={{ marginBottom: 16 }} />
        )}
        <Flex wrap gap={8}>
          <Button type="primary" onClick={confirmPublish} loading={publish.isPending}>
            {t('catalogue.publish.submit')}
          </Button>
          <Button onClick={loadActive} disabled={active.data === undefined}>
            {t('catalogue.publish.reset', { version: activeVersion })}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}
