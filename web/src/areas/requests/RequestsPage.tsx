import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Col, Empty, Flex, Form, Row, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { chinaDateTime } from '../../app/format';
import { PageHeader } from '../../app/PageHeader';
import { StatusTag } from '../../app/StatusTag';
import { AccessibleColours } from '../security/clues/AccessibleColours';
import { DirectoryCard } from './DirectoryManager';
import { FiguresCard } from './FiguresCard';
import { RegisterDrawer } from './RegisterDrawer';
import { RequestDrawer } from './RequestDrawer';
import { VerifyPackageCard } from './VerifyPackageCard';
import { REQUEST_STATUSES, STATUS_TONE, type RequestStatus, type RequestSummary } from './types';

/**
 * The register of lawful requests (sealed: only legal liaison and designated approvers reach this page; the API
 * answers 404 to everyone else): newest first, by status or only the overdue, each opened in a drawer; a new
 * request registered in a drawer; the agency directory the call-back numbers come from.
 */
export default function RequestsPage() {
  const { t } = useTranslation('requests');
  const [status, setStatus] = useState<RequestStatus | undefined>();
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [registering, setRegistering] = useState(false);

  const register = useQuery({
    queryKey: ['lawful-requests', status, overdueOnly],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/lawful-requests', {
          params: {
            query: { ...(status === undefined ? {} : { status }), ...(overdueOnly ? { overdue: true } : {}) },
          },
        }),
      ),
  });
  const overdueCount = (register.data ?? []).filter((item) => item.overdue).length;

  return (
    <AccessibleColours>
      <PageHeader
        title={t('title')}
        extra={
          <Flex gap={8}>
            <Button onClick={() => void register.refetch()} loading={register.isRefetching}>
              {t('refresh')}
            </Button>
            <Button type="primary" onClick={() => setRegistering(true)}>
              {t('register.open')}
            </Button>
          </Flex>
        }
      />
      <Alert style={{ marginBottom: 16 }} type="info" showIcon title={t('sealedNotice')} />
      {overdueCount > 0 && (
        <Alert
          style={{ marginBottom: 16 }}
          type="warning"
          showIcon
          title={t('overdueCount', { count: overdueCount })}
        />
      )}
      <Card style={{ marginBottom: 16 }}>
        <Form layout="vertical">
          <Row gutter={16} align="bottom">
            <Col xs={24} md={12} lg={8}>
              <Form.Item label={t('status')} htmlFor="request-status" style={{ marginBottom: 0 }}>
                <Select
                  id="request-status"
                  allowClear
                  placeholder={t('allStatuses')}
                  value={status}
                  onChange={(value?: RequestStatus) => setStatus(value)}
                  options={REQUEST_STATUSES.map((value) => ({ value, label: t(`statuses.${value}`) }))}
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
      <Card
        title={
          <Typography.Title level={2} style={{ margin: 0, fontSize: 16 }}>
            {t('listTitle')}
          </Typography.Title>
        }
        style={{ marginBottom: 16 }}
      >
        {register.isError ? (
          <Alert type="error" showIcon title={register.error.message} />
        ) : (
          <Table<RequestSummary>
            rowKey="id"
            size="small"
            scroll={{ x: 900 }}
            loading={register.isPending}
            pagination={false}
            dataSource={register.data ?? []}
            locale={{ emptyText: <Empty description={t('none')} /> }}
            columns={[
              { title: t('reference'), dataIndex: 'reference', width: 130 },
              {
                title: t('agency'),
                key: 'agency',
                render: (_, item) => (
                  <Typography.Text>
                    {t(`agencyKinds.${item.agencyKind}`)} · {item.issuingOrgan}
                  </Typography.Text>
                ),
              },
              {
                title: t('status'),
                dataIndex: 'status',
                width: 130,
                render: (value: RequestStatus) => (
                  <StatusTag tone={STATUS_TONE[value]}>{t(`statuses.${value}`)}</StatusTag>
                ),
              },
              {
                title: t('receivedAt'),
                dataIndex: 'receivedAt',
                width: 150,
                render: (at: number) => chinaDateTime(at),
              },
              {
                title: t('deadline'),
                dataIndex: 'deadlineAt',
                width: 200,
                render: (at: number, item) => (
                  <>
                    {chinaDateTime(at)} {item.overdue && <StatusTag tone="bad">{t('overdue')}</StatusTag>}
                  </>
                ),
              },
              {
                title: t('actions'),
                key: 'actions',
                width: 100,
                render: (_, item) => (
                  <Button
                    size="small"
                    aria-label={t('openRequest', { reference: item.reference })}
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
      <FiguresCard />
      <VerifyPackageCard />
      <DirectoryCard />
      <RegisterDrawer
        open={registering}
        onClose={() => setRegistering(false)}
        onRegistered={(id) => {
          setRegistering(false);
          setOpenId(id);
        }}
      />
      <RequestDrawer requestId={openId} onClose={() => setOpenId(null)} />
    </AccessibleColours>
  );
}
