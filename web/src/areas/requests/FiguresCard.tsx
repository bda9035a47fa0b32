// The company's own figures on lawful requests: how many per agency kind and quarter were received, refused and
// fulfilled, and how many are overdue now. Counts only, never what a request was about.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Form, Input, Row, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { chinaToday } from '../../app/format';
import { CALENDAR_DATE } from './registerForm';
import type { AgencyKind } from './types';

export function FiguresCard() {
  const { t } = useTranslation('requests');
  const today = chinaToday();
  const [from, setFrom] = useState(`${today.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today);
  const valid = CALENDAR_DATE.test(from) && CALENDAR_DATE.test(to) && from <= to;
  const figures = useQuery({
    queryKey: ['lawful-request-figures', from, to],
    queryFn: () => unwrap(api.GET('/api/v1/lawful-request-figures', { params: { query: { from, to } } })),
    enabled: valid,
  });
  return (
    <Card
      style={{ marginBottom: 16 }}
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 16 }}>
          {t('figures.title')}
        </Typography.Title>
      }
    >
      <Form layout="vertical">
        <Row gutter={16} align="bottom">
          <Col xs={12} md={6}>
            <Form.Item label={t('figures.from')} htmlFor="figures-from">
              <Input id="figures-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t('figures.to')} htmlFor="figures-to">
              <Input id="figures-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            {figures.data !== undefined && (
              <Statistic
                title={t('figures.overdue')}
                value={figures.data.overdue}
                style={{ marginBottom: 24 }}
              />
            )}
          </Col>
        </Row>
      </Form>
      {figures.isError ? (
        <Alert type="error" showIcon title={figures.error.message} />
      ) : (
        <Table
          rowKey={(row) => `${row.quarter}|${row.agencyKind}`}
          size="small"
          pagination={false}
          loading={valid && figures.isPending}
          dataSource={figures.data?.rows ?? []}
          locale={{ emptyText: <Empty description={t('figures.none')} /> }}
          columns={[
            { title: t('figures.quarter'), dataIndex: 'quarter' },
            {
              title: t('agency'),
              dataIndex: 'agencyKind',
              render: (kind: AgencyKind) => t(`agencyKinds.${kind}`),
            },
            { title: t('figures.received'), dataIndex: 'received' },
            { title: t('figures.refused'), dataIndex: 'refused' },
            { title: t('figures.fulfilled'), dataIndex: 'fulfilled' },
          ]}
        />
      )}
    </Card>
  );
}
