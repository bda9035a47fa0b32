import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Col, Empty, Form, Row, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { chinaDateTime } from '../../app/format';
import { PageHeader } from '../../app/PageHeader';
import { StatusTag } from '../../app/StatusTag';
import { AccessibleColours } from '../security/clues/AccessibleColours';
import { CaseDrawer } from './CaseDrawer';
import { CASE_STATUSES, PRIORITY_TONE, STATUS_TONE, type CaseStatus, type CaseSummary } from './types';

/**
 * The case inbox: cases newest first, filtered by status or to the overdue ones, with the count of overdue cases
 * on top; one opens in a drawer with its timeline, clues, evidence and custody hand-overs. Sealed cases appear
 * only for officers holding the sealed-case clearance (the API leaves them out for everyone else).
 */
export default function CasesPage() {
  const { t } = useTranslation('cases');
  const [status, setStatus] = useState<CaseStatus | undefined>();
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);

  const cases = useQuery({
    queryKey: ['cases', status, overdueOnly],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/cases', {
          params: {
            query: { ...(status === undefined ? {} : { status }), ...(overdueOnly ? { overdue: true } : {}) },
          },
        }),
      ),
  });
  const overdue = useQuery({
    queryKey: ['cases-overdue'],
    queryFn: () => unwrap(api.GET('/api/v1/cases/overdue', { params: { query: { limit: 1 } } })),
  });
  const statusOptions = CASE_STATUSES.map((value) => ({ value, label: t(`statuses.${value}`) }));

  return (
    <AccessibleColours>
      <PageHeader
        title={t('title')}
        extra={
          <Button
            onClick={() => {
              void cases.refetch();
              void overdue.refetch();
            }}
            loading={cases.isRefetching}
          >
            {t('refresh')}
          </Button>
        }
      />
      {overdue.data !== undefined && (
        <Alert
          style={{ marginBottom: 16 }}
          type={overdue.data.count > 0 ? 'warning' : 'success'}
          showIcon
          title={t('overdueCount', { count: overdue.data.count })}
        />
      )}
      <Card style={{ marginBottom: 16 }}>
        <Form layout="vertical">
          <Row gutter={16} align="bottom">
            <Col xs={24} md={12} lg={8}>
              <Form.Item label={t('status')} htmlFor="case-status" style={{ marginBottom: 0 }}>
                <Select
                  id="case-status"
                  allowClear
                  placeholder={t('allStatuses')}
                  value={status}
                  onChange={(value?: CaseStatus) => setStatus(value)}
                  options={statusOptions}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={8}>
              <Form.Item style={{ marginBottom: 0 }}>
                <Checkbox checked={overdueOnly} onChange={(event) => setOverdueOnly(event.target.checked)}>
                  {t('overdueOnly')}
                </Checkbox>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      <Card title={t('listTitle')}>
        {cases.isError ? (
          <Alert type="error" showIcon title={cases.error.message} />
        ) : (
          <Table<CaseSummary>
            rowKey="id"
            size="small"
            scroll={{ x: 900 }}
            loading={cases.isPending}
            pagination={false}
            dataSource={cases.data ?? []}
            locale={{ emptyText: <Empty description={t('none')} /> }}
            columns={[
              {
                title: t('openedAt'),
                dataIndex: 'openedAt',
                width: 150,
                render: (at: number) => chinaDateTime(at),
              },
              {
                title: t('about'),
                key: 'about',
                render: (_, item) => (
                  <Typography.Text>
                    {item.waybillNo === null ? (
                      t(`subjects.${item.subjectType ?? 'none'}`, { defaultValue: item.subjectType ?? '' })
                    ) : (
                      // Underlined: beside the category in the same text, colour alone would not tell the link apart.
                      <Link
                        to={`/parcels/${encodeURIComponent(item.waybillNo)}`}
                        style={{ textDecoration: 'underline' }}
                      >
                        {item.waybillNo}
                      </Link>
                    )}
                    {item.category === null ? '' : ` · ${item.category}`}
                  </Typography.Text>
                ),
              },
              {
                title: t('status'),
                dataIndex: 'status',
                width: 130,
                render: (value: CaseStatus, item) => (
                  <>
                    <StatusTag tone={STATUS_TONE[value]}>{t(`statuses.${value}`)}</StatusTag>
                    {item.sealed && <StatusTag tone="bad">{t('sealed')}</StatusTag>}
                  </>
                ),
              },
              {
                title: t('priority'),
                dataIndex: 'priority',
                width: 100,
                render: (value: CaseSummary['priority']) => (
                  <StatusTag tone={PRIORITY_TONE[value]}>{t(`priorities.${value}`)}</StatusTag>
                ),
              },
              {
                title: t('deadline'),
                dataIndex: 'deadlineAt',
                width: 190,
                render: (at: number, item) => (
                  <>
                    {chinaDateTime(at)} {item.overdue && <StatusTag tone="bad">{t('overdue')}</StatusTag>}
                  </>
                ),
              },
              {
                title: t('outcome'),
                dataIndex: 'outcome',
                width: 110,
                render: (value: CaseSummary['outcome']) => (value === null ? '—' : t(`outcomes.${value}`)),
              },
              {
                title: t('actions'),
                key: 'actions',
                width: 100,
                render: (_, item) => (
                  <Button
                    size="small"
                    aria-label={t('openCase', {
                      at: chinaDateTime(item.openedAt),
                      about: item.waybillNo ?? item.id,
                    })}
                    onClick={() => setOpenId(item.id)}
                  >
                    {t('open')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
      <CaseDrawer caseId={openId} onClose={() => setOpenId(null)} />
    </AccessibleColours>
  );
}
