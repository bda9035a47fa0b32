import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { ApiError } from '../../../api/problem';
import { documentErrors, parseJsonObject } from '../risk/jsonDocument';
import { JsonTextArea, type JsonTextAreaHandle } from '../risk/JsonTextArea';
import { useCatalogue } from './queries';

interface Values {
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
  const editor = useRef<JsonTextAreaHandle>(null);
  const [editorErrors, setEditorErrors] = useState<string[]>([]);
  const [loaded, setLoaded] = useState(false);
  const active = useCatalogue(activeVersion);

  const loadActive = () => {
    if (active.data === undefined) return;
    editor.current?.setValue(JSON.stringify(active.data, null, 2));
    setLoaded(true);
    setEditorErrors([]);
    setUnplaced([]);
  };
  useEffect(() => {
    // Only when the active version arrives: what the officer typed is never overwritten.
    if (active.data !== undefined && !loaded) loadActive();
  }, [active.data]);

  const publish = useMutation({
    mutationFn: ({ catalogue, notes }: { catalogue: Record<string, unknown>; notes: string }) =>
      unwrap(
        api.POST('/api/v1/catalogue/versions', {
          body: { catalogue, ...(notes.trim() === '' ? {} : { notes: notes.trim() }) },
        }),
      ),
    onMutate: () => {
      setEditorErrors([]);
      form.setFields([{ name: 'notes', errors: [] }]);
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
      setEditorErrors(found.document);
      form.setFields(found.fields.map((field) => ({ name: field.name as never, errors: field.errors })));
      setUnplaced(found.unplaced);
    },
  });

  const confirmPublish = () => {
    const parsed = parseJsonObject(editor.current?.value() ?? '');
    if ('error' in parsed) {
      setEditorErrors([
        parsed.error === 'not-object' ? t('json.notObject') : t('json.invalid', { detail: parsed.error }),
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
      <Form<Values> form={form} layout="vertical">
        <JsonTextArea
          ref={editor}
          id="catalogue-candidate"
          label={t('catalogue.publish.document')}
          errors={editorErrors}
          rows={20}
          disabled={active.isPending}
        />
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
