import { Alert, Card, Empty, Flex, Select, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StatusTag } from '../../../app/StatusTag';
import { ConditionView } from './ConditionView';
import { useRuleSet } from './queries';
import { diffRuleSets, type RuleChange } from './ruleSetDiff';
import type { RiskRule, VersionSummary } from './types';
import { Loading } from '../../../app/Loading';

const KIND_TONE = { added: 'ok', removed: 'bad', changed: 'warn' } as const;

function RuleCell({ rule }: { rule: RiskRule | undefined }) {
  const { t } = useTranslation('security');
  if (rule === undefined) return <Typography.Text type="secondary">{t('risk.diff.none')}</Typography.Text>;
  return (
    <Flex vertical gap={4}>
      <Typography.Text>{t('risk.diff.weightIs', { weight: rule.weight })}</Typography.Text>
      <ConditionView condition={rule.when} />
      <Typography.Text type="secondary">{rule.description}</Typography.Text>
    </Flex>
  );
}

/** Two versions side by side: thresholds moved, and each rule added, removed or changed. */
export function RuleSetDiffView({ versions }: { versions: VersionSummary[] }) {
  const { t } = useTranslation('security');
  const [from, setFrom] = useState<string | undefined>(versions[1]?.version ?? versions[0]?.version);
  const [to, setTo] = useState<string | undefined>(versions[0]?.version);
  const fromQuery = useRuleSet(from);
  const toQuery = useRuleSet(to);
  const diff = useMemo(
    () =>
      fromQuery.data === undefined || toQuery.data === undefined
        ? undefined
        : diffRuleSets(fromQuery.data, toQuery.data),
    [fromQuery.data, toQuery.data],
  );
  const options = versions.map((version) => ({ value: version.version, label: version.version }));
  const error = fromQuery.error ?? toQuery.error;

  return (
    <Card title={t('risk.diff.title')}>
      <Flex wrap gap={16} align="end" style={{ marginBottom: 16 }}>
        <Flex vertical gap={4}>
          <Typography.Text aria-hidden>{t('risk.diff.from')}</Typography.Text>
          <Select
            aria-label={t('risk.diff.from')}
            style={{ minWidth: 180 }}
            value={from}
            onChange={setFrom}
            options={options}
          />
        </Flex>
        <Flex vertical gap={4}>
          <Typography.Text aria-hidden>{t('risk.diff.to')}</Typography.Text>
          <Select
            aria-label={t('risk.diff.to')}
            style={{ minWidth: 180 }}
            value={to}
            onChange={setTo}
            options={options}
          />
        </Flex>
      </Flex>
      {error !== null ? (
        <Alert type="error" showIcon title={error.message} />
      ) : diff === undefined ? (
        <Loading label={t('common:state.loading')} />
      ) : diff.thresholds.length === 0 && diff.rules.length === 0 ? (
        <Empty description={t('risk.diff.same')} />
      ) : (
        <Flex vertical gap={16}>
          {diff.thresholds.length > 0 && (
            <Alert
              type="info"
              showIcon
              title={diff.thresholds
                .map((change) =>
                  t('risk.diff.threshold', {
                    name: t(`risk.view.${change.name}Threshold`),
                    before: change.before,
                    after: change.after,
                  }),
                )
                .join(' · ')}
            />
          )}
          <Table<RuleChange>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 800 }}
            dataSource={diff.rules}
            columns={[
              { title: t('risk.view.rule'), dataIndex: 'id', width: 200 },
              {
                title: t('risk.diff.change'),
                key: 'kind',
                width: 200,
                render: (_, change) => (
                  <Flex vertical gap={4} align="start">
                    <StatusTag tone={KIND_TONE[change.kind]}>{t(`risk.diff.kinds.${change.kind}`)}</StatusTag>
                    {change.kind === 'changed' && (
                      <Typography.Text type="secondary">
                        {change.fields.map((field) => t(`risk.diff.fields.${field}`)).join(', ')}
                      </Typography.Text>
                    )}
                  </Flex>
                ),
              },
              {
                title: t('risk.diff.before', { version: diff.from }),
                key: 'before',
                render: (_, change) => (
                  <RuleCell rule={change.kind === 'added' ? undefined : change.before} />
                ),
              },
              {
                title: t('risk.diff.after', { version: diff.to }),
                key: 'after',
                render: (_, change) => (
                  <RuleCell rule={change.kind === 'removed' ? undefined : change.after} />
                ),
              },
            ]}
          />
        </Flex>
      )}
    </Card>
  );
}
