import { Alert, Button, Card, Empty, Flex, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chinaDateTime } from '../../app/format';
import { PageHeader } from '../../app/PageHeader';
import { StatusTag } from '../../app/StatusTag';
import { useSession } from '../../session/session';
import { CatalogueDiffView } from './catalogue/CatalogueDiffView';
import { CatalogueView } from './catalogue/CatalogueView';
import { PublishCatalogue } from './catalogue/PublishCatalogue';
import { useCatalogue, useCatalogueVersions } from './catalogue/queries';
import type { CatalogueVersionSummary } from './catalogue/types';
import { AccessibleColours } from './clues/AccessibleColours';
import { Loading } from '../../app/Loading';

function SelectedCatalogue({ version }: { version: string }) {
  const { t } = useTranslation('security');
  const catalogue = useCatalogue(version);
  if (catalogue.isPending) return <Loading label={t('common:state.loading')} />;
  if (catalogue.isError) return <Alert type="error" showIcon title={catalogue.error.message} />;
  return <CatalogueView catalogue={catalogue.data} />;
}

/** The prohibited-items catalogue: versions, one read whole, two compared, and (catalogue:publish) a new one. */
export default function CataloguePage() {
  const { t } = useTranslation('security');
  const session = useSession();
  const canPublish = session.can('catalogue:publish');
  const versions = useCatalogueVersions();
  const [tab, setTab] = useState('versions');
  const [selected, setSelected] = useState<string | undefined>();
  const [compare, setCompare] = useState<{ from: string; to: string } | undefined>();
  const active = versions.data?.find((version) => version.active)?.version;
  const shown = selected ?? active;

  let body;
  if (versions.isPending) body = <Loading label={t('common:state.loading')} />;
  else if (versions.isError) body = <Alert type="error" showIcon title={versions.error.message} />;
  else {
    const items = [
      {
        key: 'versions',
        label: t('catalogue.tabs.versions'),
        children: (
          <Flex vertical gap={16}>
            <Card title={t('catalogue.versionsTitle')}>
              <Table<CatalogueVersionSummary>
                rowKey="version"
                size="small"
                scroll={{ x: 700 }}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                dataSource={versions.data}
                locale={{ emptyText: <Empty description={t('versions.none')} /> }}
                columns={[
                  {
                    title: t('versions.version'),
                    dataIndex: 'version',
                    render: (version: string, row) => (
                      <Flex gap={4} align="center" wrap>
                        <Typography.Text strong={version === shown}>{version}</Typography.Text>
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
                  {
                    title: t('versions.notes'),
                    dataIndex: 'notes',
                    render: (notes: string | null) => notes ?? '—',
                  },
                  {
                    title: t('versions.actions'),
                    key: 'actions',
                    render: (_, row) => (
                      <Button
                        size="small"
                        aria-label={t('versions.viewVersion', { version: row.version })}
                        aria-pressed={row.version === shown}
                        onClick={() => setSelected(row.version)}
                      >
                        {t('versions.view')}
                      </Button>
                    ),
                  },
                ]}
              />
            </Card>
            {shown !== undefined && <SelectedCatalogue version={shown} />}
          </Flex>
        ),
      },
      {
        key: 'compare',
        label: t('catalogue.tabs.compare'),
        children: (
          <CatalogueDiffView
            key={`${versions.data.length}-${compare?.from}-${compare?.to}`}
            versions={versions.data}
            {...(compare === undefined ? {} : { initial: compare })}
          />
        ),
      },
    ];
    if (canPublish && active !== undefined) {
      items.push({
        key: 'publish',
        label: t('catalogue.tabs.publish'),
        children: (
          <PublishCatalogue
            activeVersion={active}
            onPublished={(version, previous) => {
              setCompare({ from: previous, to: version });
              setTab('compare');
            }}
          />
        ),
      });
    }
    body = (
      <>
        {!canPublish && (
          <Alert type="info" showIcon title={t('catalogue.readOnly')} style={{ marginBottom: 16 }} />
        )}
        <Tabs activeKey={tab} onChange={setTab} items={items} />
      </>
    );
  }

  return (
    <AccessibleColours>
      <PageHeader title={t('catalogue.title')} />
      {body}
    </AccessibleColours>
  );
}
