// A case's evidence: each item with its full SHA-256 and a download (the server re-reads the blob and checks the
// hash before answering), and for holders of cases:manage a file to add (checked here for type and size before
// it is read, then sent base64 as the API takes it) or a snapshot of one of the parcel's records.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, List, Select, Typography } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { StatusTag } from '../../app/StatusTag';
import { downloadFile, fileToBase64, problemText } from './download';
import {
  EVIDENCE_MEDIA_TYPES,
  MAX_EVIDENCE_BYTES,
  RECORD_KINDS,
  type CaseDetail,
  type Evidence,
  type RecordKind,
} from './types';

export function EvidencePanel({ found, canManage }: { found: CaseDetail; canManage: boolean }) {
  const { t } = useTranslation('cases');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const fileInputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [fileDescription, setFileDescription] = useState('');
  const [recordKind, setRecordKind] = useState<RecordKind | undefined>();
  const [added, setAdded] = useState<Evidence | null>(null);
  const [downloaded, setDownloaded] = useState<{ name: string; sha256: string | null } | null>(null);
  const [downloadProblem, setDownloadProblem] = useState<string | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['case', found.id] });

  const upload = useMutation({
    mutationFn: async (chosen: File) =>
      unwrap(
        api.POST('/api/v1/cases/{id}/evidence', {
          params: { path: { id: found.id } },
          body: {
            kind: 'file',
            fileName: chosen.name,
            mediaType: chosen.type,
            contentBase64: await fileToBase64(chosen),
            ...(fileDescription.trim() === '' ? {} : { description: fileDescription.trim() }),
          },
        }),
      ),
    onSuccess: async (evidence) => {
      setAdded(evidence);
      setFile(null);
      setFileDescription('');
      void message.success(t('evidenceForm.added', { name: evidence.fileName }));
      await refresh();
    },
  });
  const snapshot = useMutation({
    mutationFn: (kind: RecordKind) =>
      unwrap(
        api.POST('/api/v1/cases/{id}/evidence', {
          params: { path: { id: found.id } },
          body: { kind: 'record', recordKind: kind },
        }),
      ),
    onSuccess: async (evidence) => {
      setAdded(evidence);
      setRecordKind(undefined);
      void message.success(t('evidenceForm.added', { name: evidence.fileName }));
      await refresh();
    },
  });

  const choose = (chosen: File | undefined) => {
    setFile(null);
    setFileProblem(null);
    upload.reset();
    if (chosen === undefined) return;
    if (!EVIDENCE_MEDIA_TYPES.includes(chosen.type)) setFileProblem(t('evidenceForm.wrongType'));
    else if (chosen.size > MAX_EVIDENCE_BYTES) setFileProblem(t('evidenceForm.tooLarge'));
    else if (chosen.size === 0) setFileProblem(t('evidenceForm.empty'));
    else setFile(chosen);
  };

  const download = async (item: Evidence) => {
    setDownloadProblem(null);
    try {
      const fetched = await downloadFile(
        `/api/v1/cases/${encodeURIComponent(found.id)}/evidence/${encodeURIComponent(item.id)}`,
        item.fileName,
      );
      setDownloaded({ name: item.fileName, sha256: fetched.sha256 });
    } catch (error) {
      setDownloadProblem(problemText(error));
    }
  };

  return (
    <>
      <List
        size="small"
        dataSource={found.evidence}
        locale={{ emptyText: <Empty description={t('noEvidence')} /> }}
        renderItem={(item) => (
          <List.Item
            actions={[
              <Button
                key="download"
                size="small"
                aria-label={t('evidenceForm.downloadItem', { name: item.fileName })}
                onClick={() => void download(item)}
              >
                {t('evidenceForm.download')}
              </Button>,
            ]}
          >
            <Flex vertical gap={2}>
              <Typography.Text>
                {item.fileName} · {item.mediaType} · {t('bytes', { count: item.sizeBytes })}
                {item.locked && <StatusTag tone="info">{t('locked')}</StatusTag>}
                {item.withdrawn && <StatusTag tone="neutral">{t('withdrawn')}</StatusTag>}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>
                {t('sha256')}: <Typography.Text code>{item.sha256}</Typography.Text>
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
      {downloadProblem !== null && <Alert type="error" showIcon title={downloadProblem} />}
      {downloaded !== null && (
        <Alert
          type="success"
          showIcon
          role="status"
          title={t('evidenceForm.downloaded', { name: downloaded.name, sha256: downloaded.sha256 ?? '—' })}
        />
      )}

      {canManage && (
        <Card size="small" title={t('evidenceForm.title')} style={{ marginTop: 16 }}>
          <Form layout="vertical" onFinish={() => file !== null && upload.mutate(file)}>
            <Form.Item
              label={t('evidenceForm.file')}
              htmlFor={fileInputId}
              extra={t('evidenceForm.fileHelp')}
              validateStatus={fileProblem === null ? undefined : 'error'}
              help={fileProblem ?? undefined}
            >
              <input
                id={fileInputId}
                type="file"
                accept={EVIDENCE_MEDIA_TYPES.join(',')}
                onChange={(event) => choose(event.target.files?.[0])}
              />
            </Form.Item>
            <Form.Item label={t('evidenceForm.description')} htmlFor="evidence-description">
              <Input
                id="evidence-description"
                maxLength={500}
                value={fileDescription}
                onChange={(event) => setFileDescription(event.target.value)}
              />
            </Form.Item>
            {upload.isError && (
              <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problemText(upload.error)} />
            )}
            <Button type="primary" htmlType="submit" disabled={file === null} loading={upload.isPending}>
              {t('evidenceForm.upload')}
            </Button>
          </Form>

          <Form
            layout="vertical"
            style={{ marginTop: 24 }}
            onFinish={() => recordKind !== undefined && snapshot.mutate(recordKind)}
          >
            <Form.Item label={t('evidenceForm.record')} htmlFor="evidence-record-kind">
              <Select
                id="evidence-record-kind"
                value={recordKind}
                onChange={(value: RecordKind) => setRecordKind(value)}
                options={RECORD_KINDS.map((value) => ({ value, label: t(`recordKinds.${value}`) }))}
              />
            </Form.Item>
            {snapshot.isError && (
              <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problemText(snapshot.error)} />
            )}
            <Button htmlType="submit" disabled={recordKind === undefined} loading={snapshot.isPending}>
              {t('evidenceForm.attachRecord')}
            </Button>
          </Form>

          {added !== null && (
            <Alert
              style={{ marginTop: 16 }}
              type="success"
              showIcon
              role="status"
              title={t('evidenceForm.addedWithHash', { name: added.fileName })}
              description={<Typography.Text code>{added.sha256}</Typography.Text>}
            />
          )}
        </Card>
      )}
    </>
  );
}
