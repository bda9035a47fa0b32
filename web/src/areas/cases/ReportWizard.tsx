// Drafting a report of a case to an authority, in three steps: (1) the authority the rules route the case to,
// or another with a reason; (2) the facts, where the item is kept, the evidence to include, and the personal data
// that authority receives (the server adds it to the package on approval; it is not typed here); (3) the report
// as it will go out, then the draft is created (its evidence locked). Approval is someone else's (four eyes).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Spin,
  Steps,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { problemText } from './download';
import {
  AUTHORITIES,
  MAX_SUMMARY,
  MIN_OVERRIDE_REASON,
  MIN_SUMMARY,
  PERSONAL_DATA_OF,
  type Authority,
  type RouteProposal,
} from './types';

type EvidenceView = RouteProposal['evidence'][number];

export function ReportWizard({
  caseId,
  caseTitle,
  open,
  onClose,
}: {
  caseId: string;
  caseTitle: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('cases');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [step, setStep] = useState(0);
  const [authority, setAuthority] = useState<Authority | undefined>();
  const [overrideReason, setOverrideReason] = useState('');
  const [summary, setSummary] = useState('');
  const [custodyNote, setCustodyNote] = useState('');
  const [evidenceIds, setEvidenceIds] = useState<string[]>([]);
  const [touched, setTouched] = useState<Record<string, boolean>>({});

  const route = useQuery({
    queryKey: ['case-report-route', caseId],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/report-route', { params: { path: { id: caseId } } })),
    enabled: open,
  });
  const routed = route.data?.authority;
  const chosen = authority ?? routed;
  const overridden = chosen !== undefined && routed !== undefined && chosen !== routed;
  const personalFields = chosen === undefined ? [] : PERSONAL_DATA_OF[chosen];
  const evidence: EvidenceView[] = route.data?.evidence ?? [];
  const included = evidence.filter((item) => evidenceIds.includes(item.id));

  const reasonProblem =
    overridden && Array.from(overrideReason.trim()).length < MIN_OVERRIDE_REASON
      ? t('wizard.reasonRequired', { count: MIN_OVERRIDE_REASON })
      : null;
  const summaryLength = Array.from(summary.trim()).length;
  const summaryProblem =
    summaryLength < MIN_SUMMARY || summaryLength > MAX_SUMMARY
      ? t('wizard.factsRequired', { min: MIN_SUMMARY, max: MAX_SUMMARY })
      : null;

  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/cases/{id}/reports', {
          params: { path: { id: caseId } },
          body: {
            ...(overridden ? { authority: chosen, overrideReason: overrideReason.trim() } : {}),
            summary: summary.trim(),
            ...(custodyNote.trim() === '' ? {} : { custodyNote: custodyNote.trim() }),
            evidenceIds,
          },
        }),
      ),
    onSuccess: async () => {
      void message.success(t('wizard.created'));
      await queryClient.invalidateQueries({ queryKey: ['case-reports'] });
      await queryClient.invalidateQueries({ queryKey: ['case', caseId] });
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
      close();
    },
  });

  function close() {
    setStep(0);
    setAuthority(undefined);
    setOverrideReason('');
    setSummary('');
    setCustodyNote('');
    setEvidenceIds([]);
    setTouched({});
    create.reset();
    onClose();
  }

  const next = () => {
    if (step === 0) {
      setTouched((was) => ({ ...was, reason: true }));
      if (chosen === undefined || reasonProblem !== null) return;
    }
    if (step === 1) {
      setTouched((was) => ({ ...was, summary: true }));
      if (summaryProblem !== null) return;
    }
    setStep(step + 1);
  };

  const authorityName = (code: Authority | undefined) =>
    code === undefined ? '—' : t(`authorities.${code}`);
  const personalList =
    personalFields.length === 0
      ? t('reports.noPersonalData')
      : personalFields.map((field) => t(`personalFields.${field}`)).join(', ');

  const evidenceColumns = [
    { title: t('wizard.evidenceName'), dataIndex: 'fileName', key: 'fileName' },
    {
      title: t('sha256'),
      dataIndex: 'sha256',
      key: 'sha256',
      render: (hash: string) => (
        <Typography.Text code style={{ wordBreak: 'break-all' }}>
          {hash}
        </Typography.Text>
      ),
    },
  ];

  return (
    <Modal
      open={open}
      onCancel={close}
      title={t('wizard.title')}
      width={760}
      destroyOnHidden
      closable={{ 'aria-label': t('close') }}
      footer={
        <Flex justify="space-between">
          <Button onClick={close}>{t('wizard.cancel')}</Button>
          <Flex gap={8}>
            {step > 0 && <Button onClick={() => setStep(step - 1)}>{t('wizard.back')}</Button>}
            {step < 2 ? (
              <Button type="primary" onClick={next} disabled={route.data === undefined}>
                {t('wizard.next')}
              </Button>
            ) : (
              <Button type="primary" loading={create.isPending} onClick={() => create.mutate()}>
                {t('wizard.create')}
              </Button>
            )}
          </Flex>
        </Flex>
      }
    >
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 24 }}
        items={[
          { title: t('wizard.stepAuthority') },
          { title: t('wizard.stepContents') },
          { title: t('wizard.stepPreview') },
        ]}
      />
      {route.isError && <Alert type="error" showIcon title={problemText(route.error)} />}
      {route.isPending && <Spin aria-label={t('wizard.loadingRoute')} />}
      {route.data !== undefined && step === 0 && (
        <Form layout="vertical">
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('wizard.suggested', { authority: authorityName(route.data.authority) })}
            description={t('wizard.rule', { rule: route.data.rule, name: route.data.authorityNameZh })}
          />
          <Form.Item label={t('wizard.authority')} htmlFor="report-authority">
            <Select
              id="report-authority"
              value={chosen}
              onChange={(value: Authority) => setAuthority(value)}
              options={AUTHORITIES.map((value) => ({
                value,
                label:
                  value === route.data.authority
                    ? t('wizard.routedOption', { authority: authorityName(value) })
                    : authorityName(value),
              }))}
            />
          </Form.Item>
          {overridden && (
            <Form.Item
              label={t('wizard.overrideReason')}
              htmlFor="report-override-reason"
              required
              validateStatus={touched.reason === true && reasonProblem !== null ? 'error' : undefined}
              help={touched.reason === true ? (reasonProblem ?? undefined) : undefined}
              extra={t('wizard.overrideHelp', { count: MIN_OVERRIDE_REASON })}
            >
              <Input.TextArea
                id="report-override-reason"
                rows={2}
                maxLength={500}
                value={overrideReason}
                onChange={(event) => setOverrideReason(event.target.value)}
              />
            </Form.Item>
          )}
        </Form>
      )}
      {route.data !== undefined && step === 1 && (
        <Form layout="vertical">
          <Form.Item
            label={t('wizard.facts')}
            htmlFor="report-facts"
            required
            extra={t('wizard.factsHelp')}
            validateStatus={touched.summary === true && summaryProblem !== null ? 'error' : undefined}
            help={touched.summary === true ? (summaryProblem ?? undefined) : undefined}
          >
            <Input.TextArea
              id="report-facts"
              rows={5}
              maxLength={MAX_SUMMARY}
              value={summary}
              onChange={(event) => setSummary(event.target.value)}
            />
          </Form.Item>
          <Form.Item label={t('reports.custodyNote')} htmlFor="report-custody">
            <Input
              id="report-custody"
              maxLength={500}
              value={custodyNote}
              onChange={(event) => setCustodyNote(event.target.value)}
            />
          </Form.Item>
          <fieldset style={{ border: 0, padding: 0, margin: '0 0 16px' }}>
            <legend style={{ fontSize: 14, marginBottom: 8 }}>{t('wizard.evidenceToInclude')}</legend>
            {evidence.length === 0 ? (
              <Empty description={t('noEvidence')} />
            ) : (
              <Checkbox.Group
                value={evidenceIds}
                onChange={(values) => setEvidenceIds(values)}
                style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
                options={evidence.map((item) => ({
                  value: item.id,
                  label: `${item.fileName} · ${item.sha256.slice(0, 12)}…`,
                }))}
              />
            )}
          </fieldset>
          <Alert
            type="info"
            showIcon
            title={t('wizard.personalDataTitle', { authority: authorityName(chosen) })}
            description={personalList}
          />
        </Form>
      )}
      {route.data !== undefined && step === 2 && (
        <div role="region" aria-label={t('wizard.stepPreview')} tabIndex={0}>
          <Typography.Paragraph>{t('wizard.previewIntro')}</Typography.Paragraph>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('case')}>{caseTitle}</Descriptions.Item>
            <Descriptions.Item label={t('wizard.authority')}>{authorityName(chosen)}</Descriptions.Item>
            {overridden && (
              <Descriptions.Item label={t('reports.routed')}>
                {authorityName(routed)} · {t('reports.overrideReason')}: {overrideReason.trim()}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('reports.facts')}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{summary.trim()}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('reports.custodyNote')}>
              {custodyNote.trim() === '' ? '—' : custodyNote.trim()}
            </Descriptions.Item>
            <Descriptions.Item label={t('reports.personalData')}>{personalList}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={3} style={{ fontSize: 15, marginTop: 16 }}>
            {t('wizard.evidenceIncluded', { count: included.length })}
          </Typography.Title>
          <Table<EvidenceView>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={included}
            columns={evidenceColumns}
            locale={{ emptyText: <Empty description={t('wizard.noEvidenceIncluded')} /> }}
          />
          {create.isError && (
            <Alert style={{ marginTop: 16 }} type="error" showIcon title={problemText(create.error)} />
          )}
        </div>
      )}
    </Modal>
  );
}
