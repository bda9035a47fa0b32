import { Card, Descriptions, Empty, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { ConditionView } from './ConditionView';
import type { RiskRule, RuleSet } from './types';

/** A whole rule set: its thresholds and each rule with its weight, condition and explanation. */
export function RuleSetView({ ruleSet }: { ruleSet: RuleSet }) {
  const { t } = useTranslation('security');
  return (
    <Card title={t('risk.view.title', { version: ruleSet.version })}>
      <Descriptions column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('risk.view.inspectThreshold')}>
          {ruleSet.threshold.inspect}
        </Descriptions.Item>
        <Descriptions.Item label={t('risk.view.holdThreshold')}>{ruleSet.threshold.hold}</Descriptions.Item>
        <Descriptions.Item label={t('risk.view.ruleCount')}>{ruleSet.rules.length}</Descriptions.Item>
      </Descriptions>
      <Table<RiskRule>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 800 }}
        dataSource={ruleSet.rules}
        locale={{ emptyText: <Empty description={t('risk.view.noRules')} /> }}
        columns={[
          { title: t('risk.view.rule'), dataIndex: 'id', width: 200 },
          { title: t('risk.view.weight'), dataIndex: 'weight', width: 80, align: 'right' },
          {
            title: t('risk.view.conditions'),
            key: 'when',
            render: (_, rule) => <ConditionView condition={rule.when} />,
          },
          { title: t('risk.view.explanation'), dataIndex: 'description' },
        ]}
      />
    </Card>
  );
}
