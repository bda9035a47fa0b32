// Reports to the authorities, each with what it holds and what may be done next by whom: approve a draft (four
// eyes: the server refuses its author and says so), record the submission (channel, the authority's reference)
// and the acknowledgement, and once approved download the signed package (JSON) and its PDF.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Flex, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { chinaDateTime } from '../../app/format';
import { StatusTag } from '../../app/StatusTag';
import { useSession } from '../../session/session';
import { downloadFile, problemText } from './download';
import {
  REPORT_STATUS_TONE,
  SUBMISSION_CHANNELS,
  type CaseReport,
  type SubmissionChannel,
} from './types';

export function ReportList({
  reports,
  headingLevel,
}: {
  reports: readonly CaseReport[];
  headingLevel: 2 | 3;
}) {
  const { t } = useTranslation('cases');
  if (reports.length === 0) return <Empty description={t('reports.none')} />;
  return (
    <Flex vertical gap={12}>
      {reports.map((report) => (
        <ReportCard key={report.id} report={report} headingLevel={headingLevel} />
      ))}
    </Flex>
  );
}

function ReportCard({ report, headingLevel }: { report: CaseReport; headingLevel: 2 | 3 }) {
  const { t } = useTranslation('cases');
  const session = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState<SubmissionChannel | undefined>();
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [downloadProblem, setDownloadProblem] = useState<string | null>(null);
  const authority = t(`authorities.${report.authority}`);

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['case-reports'] });
    await queryClient.invalidateQueries({ queryKey: ['case', report.caseId] });
    await queryClient.invalidateQueries({ queryKey: ['cases'] });
  };
  const path = { params: { path: { id: report.id } } };
  const approve = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/case-reports/{id}/approve', { ...path, body: {} })),
    onSuccess: async () => {
      void message.success(t('reports.approvedMessage'));
      await refresh();
    },
  });
  const submit = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/case-reports/{id}/submit', {
          ...path,
          body: {
            channel: channel!,
            ...(reference.trim() === '' ? {} : { authorityReference: reference.trim() }),
          },
        }),
      ),
    onSuccess: async () => {
      void message.success(t('reports.submittedMessage'));
      await refresh();
    },
  });
  const acknowledge = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/case-reports/{id}/acknowledge', {
          ...path,
          body: note.trim() === '' ? {} : { note: note.trim() },
        }),
      ),
    onSuccess: async () => {
      void message.success(t('reports.acknowledgedMessage'));
      await refresh();
    },
  });
  const save = async (kind: 'package' | 'pdf') => {
    setDownloadProblem(null);
    try {
      await downloadFile(
        `/api/v1/case-reports/${encodeURIComponent(report.id)}/${kind}`,
        `report-${report.id}.${kind === 'pdf' ? 'pdf' : 'json'}`,
      );
    } catch (error) {
      setDownloadProblem(problemText(error));
    }
  };

  const signed = report.status !== 'draft';
  const when = (at: number | null) => (at === null ? '—' : chinaDateTime(at));
  // The API names each person: a station manager may not list the staff of other sites.
  const who = (id: string | null, name: string | null) => name ?? id ?? '—';

  return (
    <Card
      size="small"
      title={
        <Typography.Title level={headingLevel} style={{ fontSize: 15, margin: 0 }}>
          {t('reports.cardTitle', { authority, at: chinaDateTime(report.draftedAt) })}{' '}
          <StatusTag tone={REPORT_STATUS_TONE[report.status]}>
            {t(`reportStatuses.${report.status}`)}
          </StatusTag>
        </Typography.Title>
      }
    >
      <Descriptions column={1} size="small">
        {report.authority !== report.routedAuthority && (
          <Descriptions.Item label={t('reports.routed')}>
            {t(`authorities.${report.routedAuthority}`)} · {t('reports.overrideReason')}:{' '}
            {report.overrideReason}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('reports.facts')}>{report.summary}</Descriptions.Item>
        {report.custodyNote !== null && (
          <Descriptions.Item label={t('reports.custodyNote')}>{report.custodyNote}</Descriptions.Item>
        )}
        <Descriptions.Item label={t('reports.evidence')}>
          {report.evidenceFiles.length === 0
            ? '—'
            : report.evidenceFiles.map((item) => item.fileName).join(', ')}
        </Descriptions.Item>
        <Descriptions.Item label={t('reports.personalData')}>
          {report.personalFields.length === 0
            ? t('reports.noPersonalData')
            : report.personalFields.map((field) => t(`personalFields.${field}`)).join(', ')}
        </Descriptions.Item>
        <Descriptions.Item label={t('reports.draftedBy')}>
          {who(report.draftedBy, report.draftedByName)} · {when(report.draftedAt)}
        </Descriptions.Item>
        {signed && (
          <Descriptions.Item label={t('reports.approvedBy')}>
            {who(report.approvedBy, report.approvedByName)} · {when(report.approvedAt)}
          </Descriptions.Item>
        )}
        {report.documentSha256 !== null && (
          <Descriptions.Item label={t('reports.documentSha256')}>
            <Typography.Text code style={{ wordBreak: 'break-all' }}>
              {report.documentSha256}
            </Typography.Text>
          </Descriptions.Item>
        )}
        {report.pdfSha256 !== null && (
          <Descriptions.Item label={t('reports.pdfSha256')}>
            <Typography.Text code style={{ wordBreak: 'break-all' }}>
              {report.pdfSha256}
            </Typography.Text>
          </Descriptions.Item>
        )}
        {report.submittedAt !== null && (
          <Descriptions.Item label={t('reports.submission')}>
            {report.channel === null ? '' : t(`channels.${report.channel}`)} ·{' '}
            {report.authorityReference ?? t('reports.noReference')} ·{' '}
            {who(report.submittedBy, report.submittedByName)} · {when(report.submittedAt)}
          </Descriptions.Item>
        )}
        {report.acknowledgedAt !== null && (
          <Descriptions.Item label={t('reports.acknowledgement')}>
            {who(report.acknowledgedBy, report.acknowledgedByName)} · {when(report.acknowledgedAt)}
            {report.acknowledgementNote === null ? '' : ` · ${report.acknowledgementNote}`}
          </Descriptions.Item>
        )}
      </Descriptions>

      {report.status === 'draft' && session.can('case-reports:approve') && (
        <Flex vertical gap={8} style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">{t('reports.fourEyes')}</Typography.Text>
          {approve.isError && <Alert type="error" showIcon title={problemText(approve.error)} />}
          <div>
            <Button
              type="primary"
              loading={approve.isPending}
              onClick={() => approve.mutate()}
              aria-label={t('reports.approveItem', { authority })}
            >
              {t('reports.approve')}
            </Button>
          </div>
        </Flex>
      )}

      {report.status === 'approved' && session.can('case-reports:submit') && (
        <Form layout="vertical" style={{ marginTop: 12 }} onFinish={() => channel && submit.mutate()}>
          <Flex gap={12} wrap align="end">
            <Form.Item
              label={t('reports.channel')}
              htmlFor={`channel-${report.id}`}
              required
              style={{ marginBottom: 0, minWidth: 180 }}
            >
              <Select
                id={`channel-${report.id}`}
                value={channel}
                onChange={(value: SubmissionChannel) => setChannel(value)}
                options={SUBMISSION_CHANNELS.map((value) => ({ value, label: t(`channels.${value}`) }))}
              />
            </Form.Item>
            <Form.Item
              label={t('reports.authorityReference')}
              htmlFor={`reference-${report.id}`}
              style={{ marginBottom: 0 }}
            >
              <Input
                id={`reference-${report.id}`}
                maxLength={64}
                value={reference}
                onChange={(event) => setReference(event.target.value)}
              />
            </Form.Item>
            <Button
              htmlType="submit"
              type="primary"
              disabled={channel === undefined}
              loading={submit.isPending}
            >
              {t('reports.recordSubmission')}
            </Button>
          </Flex>
          {submit.isError && (
            <Alert style={{ marginTop: 8 }} type="error" showIcon title={problemText(submit.error)} />
          )}
        </Form>
      )}

      {report.status === 'submitted' && session.can('case-reports:submit') && (
        <Form layout="vertical" style={{ marginTop: 12 }} onFinish={() => acknowledge.mutate()}>
          <Flex gap={12} wrap align="end">
            <Form.Item
              label={t('reports.acknowledgementNote')}
              htmlFor={`ack-${report.id}`}
              style={{ marginBottom: 0, minWidth: 260 }}
            >
              <Input
                id={`ack-${report.id}`}
                maxLength={2000}
                value={note}
                onChange={(event) => setNote(event.target.value)}
              />
            </Form.Item>
            <Button htmlType="submit" loading={acknowledge.isPending}>
              {t('reports.recordAcknowledgement')}
            </Button>
          </Flex>
          {acknowledge.isError && (
            <Alert style={{ marginTop: 8 }} type="error" showIcon title={problemText(acknowledge.error)} />
          )}
        </Form>
      )}

      {signed && session.can('case-reports:export') && (
        <Flex gap={8} wrap style={{ marginTop: 12 }}>
          <Button onClick={() => void save('package')}>{t('reports.downloadPackage')}</Button>
          <Button onClick={() => void save('pdf')}>{t('reports.downloadPdf')}</Button>
        </Flex>
      )}
      {downloadProblem !== null && (
        <Alert style={{ marginTop: 8 }} type="error" showIcon title={downloadProblem} />
      )}
    </Card>
  );
}
