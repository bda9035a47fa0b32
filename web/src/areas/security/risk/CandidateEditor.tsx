import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Flex, Form, Input, Row, Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { ApiError } from '../../../api/problem';
import { DryRunReportView } from './DryRunReportView';
import { documentErrors, parseJsonObject } from './jsonDocument';
import { JsonTextArea, type JsonTextAreaHandle } from './JsonTextArea';
import { useRuleSet } from './queries';
import type { DryRunReport } from './types';

interface Values {
  notes?: string;
  period: number;
}

const PERIODS = [7, 30, 90, 365] as const;
const DAY_MS = 86_400_000;

/**
 * A candidate rule set as JSON (starting from the active version): dry-run it against past parcels to see which
 * decisions would change, then publish it as a new version. The API validates it; its errors name JSON paths.
 */
export function CandidateEditor({
  activeVersion,
  onPublished,
}: {
  activeVersion: string;
  onPublished: (version: string) => void;
}) {
  const { t } = useTranslation('security');
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [report, setReport] = useState<DryRunReport | null>(null);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const editor = useRef<JsonTextAreaHandle>(null);
  const [editorErrors, setEditorErrors] = useState<string[]>([]);
  const [loaded, setLoaded] = useState(false);
  const active = useRuleSet(activeVersion);

  const loadActive = () => {
    if (active.data === undefined) return;
    editor.current?.setValue(JSON.stringify(active.data, null, 2));
    setLoaded(true);
    setEditorErrors([]);
    setReport(null);
    setUnplaced([]);
  };
  useEffect(() => {
    if (active.data !== undefined && !loaded) loadActive();
    // Only when the active version arrives: what the officer typed is never overwritten.
  }, [active.data]);

  /** The candidate parsed, or null with the parser's complaint shown under the text area. */
  const candidate = (): Record<string, unknown> | null => {
    const parsed = parseJsonObject(editor.current?.value() ?? '');
    if ('value' in parsed) return parsed.value;
    setEditorErrors([
      parsed.error === 'not-object' ? t('json.notObject') : t('json.invalid', { detail: parsed.error }),
    ]);
    return null;
  };

  const showProblem = (error: Error) => {
    if (!(error instanceof ApiError)) {
      setUnplaced([error.message]);
      return;
    }
    const found = documentErrors(error.problem, 'ruleSet');
    setEditorErrors(found.document);
    form.setFields(found.fields.map((field) => ({ name: field.name as never, errors: field.errors })));
    setUnplaced(found.unplaced);
  };
  const clearErrors = () => {
    setEditorErrors([]);
    form.setFields([{ name: 'notes', errors: [] }]);
    setUnplaced([]);
  };

  const dryRun = useMutation({
    mutationFn: async ({ ruleSet, days }: { ruleSet: Record<string, unknown>; days: number }) => {
      const to = Date.now();
      return unwrap(api.POST('/api/v1/risk/dry-run', { body: { ruleSet, from: to - days * DAY_MS, to } }));
    },
    onMutate: () => {
      clearErrors();
      setReport(null);
    },
    onSuccess: setReport,
    onError: showProblem,
  });

  const publish = useMutation({
    mutationFn: ({ ruleSet, notes }: { ruleSet: Record<string, unknown>; notes: string }) =>
      unwrap(
        api.POST('/api/v1/risk/rule-sets', {
          body: { ruleSet, ...(notes.trim() === '' ? {} : { notes: notes.trim() }) },
        }),
      ),
    onMutate: clearErrors,
    onSuccess: async (summary) => {
      void message.success(t('risk.candidate.published', { version: summary.version }));
      await queryClient.invalidateQueries({ queryKey: ['risk-rule-sets'] });
      setReport(null);
      onPublished(summary.version);
    },
    onError: showProblem,
  });

  const runDryRun = () => {
    const ruleSet = candidate();
    if (ruleSet !== null) dryRun.mutate({ ruleSet, days: form.getFieldValue('period') as number });
  };
  const confirmPublish = () => {
    const ruleSet = candidate();
    if (ruleSet === null) return;
    const version = typeof ruleSet.version === 'string' ? ruleSet.version : '';
    modal.confirm({
      title: t('risk.candidate.confirmTitle', { version }),
      content: t('risk.candidate.confirmBody'),
      okText: t('risk.candidate.publish'),
      cancelText: t('cancel'),
      mask: { closable: false },
      onOk: () =>
        publish.mutate({ ruleSet, notes: (form.getFieldValue('notes') as string | undefined) ?? '' }),
    });
  };

  return (
    <Flex vertical gap={16}>
      <Card title={t('risk.candidate.title')}>
        <Alert type="info" showIcon title={t('risk.candidate.help')} style={{ marginBottom: 16 }} />
        <Form<Values> form={form} layout="vertical" initialValues={{ period: 30 }}>
          <JsonTextArea
            ref={editor}
            id="risk-candidate"
            label={t('risk.candidate.document')}
            errors={editorErrors}
            rows={18}
            disabled={active.isPending}
          />
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="period" label={t('risk.candidate.period')}>
                <Select
                  options={PERIODS.map((days) => ({
                    value: days,
                    label: t('risk.candidate.lastDays', { count: days }),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name="notes" label={t('risk.candidate.notes')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </Col>
          </Row>
          {unplaced.length > 0 && (
            <Alert type="error" showIcon title={unplaced.join('; ')} style={{ marginBottom: 16 }} />
          )}
          <Flex wrap gap={8}>
            <Button onClick={runDryRun} loading={dryRun.isPending}>
              {t('risk.candidate.dryRun')}
            </Button>
            <Button type="primary" onClick={confirmPublish} loading={publish.isPending}>
              {t('risk.candidate.publish')}
            </Button>
            <Button onClick={loadActive} disabled={active.data === undefined}>
              {t('risk.candidate.reset', { version: activeVersion })}
            </Button>
          </Flex>
        </Form>
      </Card>
      {report !== null && <DryRunReportView report={report} />}
    </Flex>
  );
}
