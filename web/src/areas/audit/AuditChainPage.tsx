// The audit chain: the server's verification of every entry, MAC and signed checkpoint, and the latest
// checkpoints, each of whose Ed25519 signatures the browser checks again with the public keys.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Empty, Spin, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { chinaDateTime } from '../../app/format';
import { PageHeader } from '../../app/PageHeader';
import { StatusTag } from '../../app/StatusTag';
import { ErrorAlert, usePublicKeys, CardTitle, TableRegion } from './shared';
import { verifyCheckpoint, type Checkpoint } from './verify';

const LATEST = 20;
const PAGE = 1000;

/** The newest checkpoints: the API pages them oldest first, so read to the end and keep the last ones. */
async function latestCheckpoints(): Promise<Checkpoint[]> {
  let after = 0;
  let kept: Checkpoint[] = [];
  for (;;) {
    const page = await unwrap(
      api.GET('/api/v1/audit/checkpoints', { params: { query: { after, limit: PAGE } } }),
    );
    kept = [...kept, ...page].slice(-LATEST);
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.toSeq;
  }
  return kept.reverse();
}

export default function AuditChainPage() {
  const { t } = useTranslation('audit');
  const verification = useQuery({
    queryKey: ['audit', 'verify'],
    queryFn: () => unwrap(api.GET('/api/v1/audit/verify')),
  });
  const keys = usePublicKeys();
  const checkpoints = useQuery({
    queryKey: ['audit', 'checkpoints', keys.data],
    enabled: keys.data !== undefined,
    queryFn: async () => {
      const latest = await latestCheckpoints();
      return Promise.all(
        latest.map(async (checkpoint) => ({
          ...checkpoint,
          signatureValid: await verifyCheckpoint(checkpoint, keys.data ?? []),
        })),
      );
    },
  });
  const result = verification.data;
  return (
    <>
      <PageHeader
        title={t('chain.title')}
        extra={
          <Button
            onClick={() => {
              void verification.refetch();
              void checkpoints.refetch();
            }}
            loading={verification.isFetching}
          >
            {t('chain.again')}
          </Button>
        }
      />
      <Card title={<CardTitle>{t('chain.resultTitle')}</CardTitle>} style={{ marginBottom: 16 }}>
        {verification.isError && <ErrorAlert error={verification.error} />}
        {verification.isPending ? (
          <Spin description={t('chain.verifying')}>
            <div style={{ minHeight: 80 }} />
          </Spin>
        ) : result === undefined ? null : (
          <>
            <Alert
              type={result.ok ? 'success' : 'error'}
              showIcon
              title={result.ok ? t('chain.ok') : t('chain.bad')}
              description={
                result.ok
                  ? t('chain.okDetail', { entries: result.entries, checkpoints: result.checkpoints })
                  : t('chain.badDetail', {
                      seq: result.firstBadSeq ?? '—',
                      problem: result.problem ?? '—',
                    })
              }
              style={{ marginBottom: 16 }}
            />
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
              <Descriptions.Item label={t('chain.entries')}>{result.entries}</Descriptions.Item>
              <Descriptions.Item label={t('chain.checkpoints')}>{result.checkpoints}</Descriptions.Item>
              <Descriptions.Item label={t('chain.firstBad')}>
                {result.firstBadSeq ?? t('chain.noneBad')}
              </Descriptions.Item>
              <Descriptions.Item label={t('chain.uncheckpointed')}>
                {t('chain.uncheckpointedValue', {
                  count: result.uncheckpointed,
                  allowed: result.uncheckpointedAllowed,
                })}
              </Descriptions.Item>
              <Descriptions.Item label={t('chain.macs')}>
                {result.macsChecked ? t('chain.macsChecked') : t('chain.macsNotChecked')}
              </Descriptions.Item>
              <Descriptions.Item label={t('chain.witness')}>
                {result.witness === null
                  ? t('chain.noWitness')
                  : t('chain.witnessValue', {
                      checkpoints: result.witness.checkpoints,
                      latest: result.witness.latestToSeq ?? '—',
                    })}
              </Descriptions.Item>
            </Descriptions>
            {result.warnings.length > 0 && (
              <Alert
                type="warning"
                showIcon
                title={t('chain.warnings')}
                description={
                  <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                    {result.warnings.map((warning) => (
                      <li key={warning}>{warning}</li>
                    ))}
                  </ul>
                }
                style={{ marginTop: 16 }}
              />
            )}
          </>
        )}
      </Card>
      <Card title={<CardTitle>{t('chain.checkpointsTitle')}</CardTitle>}>
        <Typography.Paragraph>{t('chain.checkpointsHelp')}</Typography.Paragraph>
        {(checkpoints.isError || keys.isError) && <ErrorAlert error={checkpoints.error ?? keys.error} />}
        <TableRegion label={t('chain.checkpointsTitle')}>
          <Table
            rowKey="toSeq"
            size="small"
            loading={checkpoints.isPending && !checkpoints.isError}
            dataSource={checkpoints.data ?? []}
            pagination={false}
            locale={{ emptyText: <Empty description={t('chain.noCheckpoints')} /> }}
            columns={[
              {
                title: t('chain.range'),
                key: 'range',
                render: (_, row) => t('chain.rangeValue', { from: row.fromSeq, to: row.toSeq }),
              },
              {
                title: t('chain.signedAt'),
                dataIndex: 'signedAt',
                render: (at: number) => chinaDateTime(at),
              },
              {
                title: t('chain.root'),
                dataIndex: 'merkleRoot',
                render: (root: string) => (
                  <Typography.Text code copyable={{ text: root }}>{`${root.slice(0, 16)}…`}</Typography.Text>
                ),
              },
              { title: t('attest.key'), dataIndex: 'keyId' },
              {
                title: t('chain.signature'),
                key: 'signature',
                render: (_, row) =>
                  row.signatureValid ? (
                    <StatusTag tone="ok">{t('chain.signatureValid')}</StatusTag>
                  ) : (
                    <StatusTag tone="bad">{t('chain.signatureInvalid')}</StatusTag>
                  ),
              },
            ]}
          />
        </TableRegion>
      </Card>
    </>
  );
}
