import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Flex, Form, Row, Select, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { chinaDateTime } from '../../app/format';
import { PageHeader } from '../../app/PageHeader';
import { StatusTag } from '../../app/StatusTag';
import { useSession } from '../../session/session';
import { ClueDrawer } from './clues/ClueDrawer';
import { CLUE_KINDS, SEVERITY_TONE, waybillOf, type Clue } from './clues/types';
import { AccessibleColours } from './clues/AccessibleColours';

const PAGE_SIZE = 50;

/**
 * The clues inbox: clues raised by the gates (watchlist hits, repeated refusals, prohibited items, parcels at a
 * hub that no counter took in), newest first, filtered by site (company-wide roles) and kind; one opens in a
 * drawer. Clues carry no personal data.
 */
export default function CluesPage() {
  const { t } = useTranslation('security');
  const session = useSession();
  const me = session.me;
  const companyWide = me?.permissions.includes('sites:all') ?? false;
  const [siteId, setSiteId] = useState<string | undefined>();
  const [kind, setKind] = useState<string | undefined>();
  const [openId, setOpenId] = useState<string | null>(null);

  const sites = useQuery({
    queryKey: ['sites'],
    queryFn: () => unwrap(api.GET('/api/v1/sites')),
    enabled: session.can('sites:read'),
    staleTime: 5 * 60_000,
  });
  const siteLabel = (id: string | null) => {
    if (id === null) return t('clues.noSite');
    const site = sites.data?.find((candidate) => candidate.id === id);
    return site === undefined ? id : `${site.code} · ${site.name}`;
  };

  const clues = useInfiniteQuery({
    queryKey: ['clues', siteId, kind],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/identity/clues', {
          params: { query: { siteId, kind, before: pageParam, limit: PAGE_SIZE } },
        }),
      ),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.length < PAGE_SIZE ? undefined : last[last.length - 1]?.createdAt),
  });
  const list = useMemo(() => clues.data?.pages.flat() ?? [], [clues.data]);
  const open = list.find((clue) => clue.id === openId) ?? null;
  const related =
    open === null || open.subjectIndex === null
      ? []
      : list.filter((clue) => clue.id !== open.id && clue.subjectIndex === open.subjectIndex);

  const kindOptions = CLUE_KINDS.map((value) => ({ value, label: t(`clues.kinds.${value}`) }));
  const siteOptions = (sites.data ?? []).map((site) => ({
    value: site.id,
    label: `${site.code} · ${site.name}`,
  }));

  return (
    <AccessibleColours>
      <PageHeader
        title={t('clues.title')}
        extra={
          <Button onClick={() => void clues.refetch()} loading={clues.isRefetching}>
            {t('refresh')}
          </Button>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Form layout="vertical">
          <Row gutter={16}>
            {companyWide && (
              <Col xs={24} md={12} lg={8}>
                <Form.Item label={t('clues.site')} htmlFor="clue-site" style={{ marginBottom: 0 }}>
                  <Select
                    id="clue-site"
                    allowClear
                    placeholder={t('clues.allSites')}
                    value={siteId}
                    onChange={(value?: string) => setSiteId(value)}
                    options={siteOptions}
                    loading={sites.isPending}
                  />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={12} lg={8}>
              <Form.Item label={t('clues.kind')} htmlFor="clue-kind" style={{ marginBottom: 0 }}>
                <Select
                  id="clue-kind"
                  allowClear
                  placeholder={t('clues.allKinds')}
                  value={kind}
                  onChange={(value?: string) => setKind(value)}
                  options={kindOptions}
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      <Card title={t('clues.listTitle')}>
        {clues.isError ? (
          <Alert type="error" showIcon title={clues.error.message} />
        ) : (
          <Flex vertical gap={16}>
            <Table<Clue>
              rowKey="id"
              size="small"
              scroll={{ x: 800 }}
              loading={clues.isPending}
              pagination={false}
              dataSource={list}
              locale={{ emptyText: <Empty description={t('clues.none')} /> }}
              onRow={(clue) => ({ onDoubleClick: () => setOpenId(clue.id) })}
              columns={[
                {
                  title: t('clues.raisedAt'),
                  dataIndex: 'createdAt',
                  width: 150,
                  render: (at: number) => chinaDateTime(at),
                },
                {
                  title: t('clues.kind'),
                  dataIndex: 'kind',
                  render: (value: string) => t(`clues.kinds.${value}`, { defaultValue: value }),
                },
                {
                  title: t('clues.severity'),
                  dataIndex: 'severity',
                  width: 100,
                  render: (value: Clue['severity']) => (
                    <StatusTag tone={SEVERITY_TONE[value]}>{t(`clues.severities.${value}`)}</StatusTag>
                  ),
                },
                {
                  title: t('clues.site'),
                  dataIndex: 'siteId',
                  render: (value: string | null) => siteLabel(value),
                },
                {
                  title: t('clues.about'),
                  key: 'about',
                  render: (_, clue) => {
                    const waybill = waybillOf(clue);
                    if (waybill !== null)
                      return <Link to={`/parcels/${encodeURIComponent(waybill)}`}>{waybill}</Link>;
                    return (
                      <Typography.Text>
                        {t(`clues.subjects.${clue.subjectType}`, { defaultValue: clue.subjectType })}
                      </Typography.Text>
                    );
                  },
                },
                {
                  title: t('clues.actions'),
                  key: 'actions',
                  width: 110,
                  render: (_, clue) => (
                    <Button
                      size="small"
                      aria-label={t('clues.openClue', {
                        kind: t(`clues.kinds.${clue.kind}`, { defaultValue: clue.kind }),
                        at: chinaDateTime(clue.createdAt),
                      })}
                      onClick={() => setOpenId(clue.id)}
                    >
                      {t('clues.open')}
                    </Button>
                  ),
                },
              ]}
            />
            {clues.hasNextPage && (
              <Button onClick={() => void clues.fetchNextPage()} loading={clues.isFetchingNextPage}>
                {t('clues.loadOlder')}
              </Button>
            )}
          </Flex>
        )}
      </Card>
      <ClueDrawer
        clue={open}
        siteLabel={siteLabel}
        related={related}
        onClose={() => setOpenId(null)}
        onOpen={(clue) => setOpenId(clue.id)}
      />
    </AccessibleColours>
  );
}
