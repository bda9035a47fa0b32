// Reports to the authorities across the cases the caller may see: where the approving station manager and the
// submitting legal liaison work (they hold case-reports permissions, not the case inbox). Filtered by status.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Select, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { PageHeader } from '../../app/PageHeader';
import { ReportList } from './ReportList';
import type { ReportStatus } from './types';

const STATUSES: ReportStatus[] = ['draft', 'approved', 'submitted', 'acknowledged'];

export default function ReportsPage() {
  const { t } = useTranslation('cases');
  const [status, setStatus] = useState<ReportStatus | undefined>();
  const reports = useQuery({
    queryKey: ['case-reports', 'all', status],
    queryFn: () =>
      unwrap(api.GET('/api/v1/case-reports', { params: { query: status === undefined ? {} : { status } } })),
  });
  return (
    <>
      <PageHeader
        title={t('reports.pageTitle')}
        extra={
          <Button onClick={() => void reports.refetch()} loading={reports.isRefetching}>
            {t('refresh')}
          </Button>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline">
          <Form.Item label={t('status')} htmlFor="report-status-filter" style={{ marginBottom: 0 }}>
            <Select
              id="report-status-filter"
              allowClear
              style={{ minWidth: 200 }}
              placeholder={t('allStatuses')}
              value={status}
              onChange={(value?: ReportStatus) => setStatus(value)}
              options={STATUSES.map((value) => ({ value, label: t(`reportStatuses.${value}`) }))}
            />
          </Form.Item>
        </Form>
      </Card>
      {reports.isError && <Alert type="error" showIcon title={reports.error.message} />}
      {reports.isPending && <Spin aria-label={t('reports.loading')} />}
      {reports.data !== undefined && <ReportList reports={reports.data} headingLevel={2} />}
    </>
  );
}
