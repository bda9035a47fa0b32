import { Alert, Button, Card, Empty, Flex, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chinaDateTime } from '../../app/format';
import { PageHeader } from '../../app/PageHeader';
import { StatusTag } from '../../app/StatusTag';
import { useSession } from '../../session/session';
import { CandidateEditor } from './risk/CandidateEditor';
import { useRuleSet, useRuleSetVersions } from './risk/queries';
import { RuleSetDiffView } from './risk/RuleSetDiffView';
import { RuleSetView } from './risk/RuleSetView';
import type { VersionSummary } from './risk/types';
import { AccessibleColours } from './clues/AccessibleColours';
import { Loading } from '../../app/Loading';

function VersionTable({
  versions,
  selected,
  onSelect,
}: {
  versions: VersionSummary[];
  selected: string | undefined;
  onSelect: (version: string) => void;
}) {
  const { t } = useTranslation('security');
  return (
    <Table<VersionSummary>
      rowKey="version"
      size="small"
      scroll={{ x: 700 }}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      dataSource={versions}
      locale={{ emptyText: <Empty description={t('versions.none')} /> }}
      columns={[
        {
          title: t('versions.version'),
          dataIndex: 'version',
          render: (version: string, row) => (
            <Flex gap={4} align="center" wrap>
              <Typography.Text strong={version === selected}>{version}</Typography.Text>
              {row.active && <StatusTag tone="ok">{t('versions.active')}</StatusTag>}
            </Flex>
          ),
        },
        {
          title: t('versions.publishedAt'),
          dataIndex: 'publishedAt',
          render: (at: number) => chinaDateTime(at),
        },
        { title: t('versions.publishedBy'), dataIndex: 'publishedBy' },
        { title: t('versions.notes'), dataIndex: 'notes', render: (notes: string | null) => notes ?? '—' },
        {
          title: t('versions.actions'),
          key: 'actions',
          render: (_, row) => (
            <Button
              size="small"
              aria-label={t('versions.viewVersion', { version: row.version })}
              aria-pressed={row.version === selected}
              onClick={() => onSelect(row.version)}
            >
              {t('versions.view')}
            </Button>
          ),
        },
      ]}
    />
  );
}

function SelectedRuleSet({ version }: { version: string }) {
  const { t } = useTranslation('security');
  const ruleSet = useRuleSet(version);
  if (ruleSet.isPending) return <Loading label={t('common:state.loading')} />;
  if (ruleSet.isError) return <Alert type="error" showIcon title={ruleSet.error.message} />;
  return <RuleSetView ruleSet={ruleSet.data} />;
}

/** Risk rules: the published versions, one read whole, two compared, and (risk:manage) a candidate to dry-run and publish. */
export default function RiskRulesPage() {
  const { t } = useTranslation('security');
  const session = useSession();
  const canManage = session.can('risk:manage');
  const versions = useRuleSetVersions();
  const [tab, setTab] = useState('versions');
  const [selected, setSelected] = useState<string | undefined>();
  const active = versions.data?.find((version) => version.active)?.version;
  const shown = selected ?? active;

  let body;
  if (versions.isPending) body = <Loading label={t('common:state.loading')} />;
  else if (versions.isError) body = <Alert type="error" showIcon title={versions.error.message} />;
  else {
    const items = [
      {
        key: 'versions',
        label: t('risk.tabs.versions'),
        children: (
          <Flex vertical gap={16}>
            <Card title={t('risk.versionsTitle')}>
              <VersionTable versions={versions.data} selected={shown} onSelect={setSelected} />
            </Card>
            {shown !== undefined && <SelectedRuleSet version={shown} />}
          </Flex>
        ),
      },
      {
        key: 'compare',
        label: t('risk.tabs.compare'),
        children: <RuleSetDiffView key={versions.data.length} versions={versions.data} />,
      },
    ];
    if (canManage && active !== undefined) {
      items.push({
        key: 'candidate',
        label: t('risk.tabs.candidate'),
        children: (
          <CandidateEditor
            activeVersion={active}
            onPublished={(version) => {
              setSelected(version);
              setTab('versions');
            }}
          />
        ),
      });
    }
    body = (
      <>
        {!canManage && <Alert type="info" showIcon title={t('risk.readOnly')} style={{ marginBottom: 16 }} />}
        <Tabs activeKey={tab} onChange={setTab} items={items} />
      </>
    );
  }

  return (
    <AccessibleColours>
      <PageHeader title={t('risk.title')} />
      {body}
    </AccessibleColours>
  );
}
