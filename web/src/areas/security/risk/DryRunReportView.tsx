import { Alert, Card, Col, Empty, Flex, Row, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StatusTag } from '../../../app/StatusTag';
import {
  DECISION_TONE,
  RISK_DECISIONS,
  type DryRunChange,
  type DryRunReport,
  type RiskDecision,
} from './types';

/** What publishing the candidate would have changed over past parcels: counts, then the parcels themselves. */
export function DryRunReportView({ report }: { report: DryRunReport }) {
  const { t } = useTranslation('security');
  const decision = (value: RiskDecision) => (
    <StatusTag tone={DECISION_TONE[value]}>{t(`risk.decisions.${value}`)}</StatusTag>
  );
  return (
    <Card
      title={t('risk.dryRun.title', { current: report.currentVersion, candidate: report.candidateVersion })}
    >
      {report.evaluated === 0 && (
        <Alert type="info" showIcon title={t('risk.dryRun.noParcels')} style={{ marginBottom: 16 }} />
      )}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Statistic title={t('risk.dryRun.evaluated')} value={report.evaluated} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('risk.dryRun.changed')} value={report.changed.length} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('risk.dryRun.escalated')} value={report.summary.escalated} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('risk.dryRun.relaxed')} value={report.summary.relaxed} />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {t('risk.dryRun.decisions')}
          </Typography.Title>
          <Table
            rowKey="decision"
            size="small"
            pagination={false}
            dataSource={RISK_DECISIONS.map((value) => ({
              decision: value,
              current: report.summary.current[value],
              candidate: report.summary.candidate[value],
            }))}
            columns={[
              {
                title: t('risk.dryRun.decision'),
                dataIndex: 'decision',
                render: (value: RiskDecision) => decision(value),
              },
              { title: t('risk.dryRun.current'), dataIndex: 'current', align: 'right' },
              { title: t('risk.dryRun.candidate'), dataIndex: 'candidate', align: 'right' },
            ]}
          />
        </Col>
        <Col xs={24} lg={14}>
          <Typography.Title level={2} style={{ fontSize: 16 }}>
            {t('risk.dryRun.ruleHits')}
          </Typography.Title>
          <Table
            rowKey="ruleId"
            size="small"
            pagination={false}
            dataSource={report.summary.ruleHits}
            columns={[
              { title: t('risk.view.rule'), dataIndex: 'ruleId' },
              { title: t('risk.dryRun.current'), dataIndex: 'current', align: 'right', width: 110 },
              { title: t('risk.dryRun.candidate'), dataIndex: 'candidate', align: 'right', width: 110 },
            ]}
          />
        </Col>
      </Row>
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
        {t('risk.dryRun.changedParcels', { count: report.changed.length })}
      </Typography.Title>
      <Table<DryRunChange>
        rowKey="waybillNo"
        size="small"
        scroll={{ x: 800 }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        dataSource={report.changed}
        locale={{ emptyText: <Empty description={t('risk.dryRun.nothingChanges')} /> }}
        columns={[
          {
            title: t('risk.dryRun.waybill'),
            dataIndex: 'waybillNo',
            render: (waybillNo: string) => (
              <Link to={`/parcels/${encodeURIComponent(waybillNo)}`}>{waybillNo}</Link>
            ),
          },
          {
            title: t('risk.dryRun.decisionChange'),
            key: 'decision',
            render: (_, change) => (
              <Flex gap={4} align="center" wrap>
                {decision(change.from)}
                <span aria-hidden>→</span>
                {decision(change.to)}
              </Flex>
            ),
          },
          {
            title: t('risk.dryRun.score'),
            key: 'score',
            render: (_, change) =>
              t('risk.dryRun.scoreChange', { from: change.fromScore, to: change.toScore }),
          },
          {
            title: t('risk.dryRun.addedHits'),
            dataIndex: 'addedHits',
            render: (ids: string[]) => ids.join(', ') || '—',
          },
          {
            title: t('risk.dryRun.removedHits'),
            dataIndex: 'removedHits',
            render: (ids: string[]) => ids.join(', ') || '—',
          },
        ]}
      />
    </Card>
  );
}
