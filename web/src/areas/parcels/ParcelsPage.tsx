import { Alert, Button, Card, Empty, Flex, Form, Input, Skeleton } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/problem';
import { PageHeader } from '../../app/PageHeader';
import { useSession } from '../../session/session';
import { fetchSites, fetchTimeline } from './parcelsApi';
import { TimelineView } from './TimelineView';

interface Values {
  waybillNo: string;
}

/**
 * Parcel search for every role that reads parcels: a waybill number gives the parcel's masked timeline. A
 * parcel the caller may not see answers exactly as an unknown one. The search lives in the page, not the URL.
 */
export default function ParcelsPage() {
  const { t } = useTranslation('parcels');
  const session = useSession();
  const [form] = Form.useForm<Values>();
  const [searched, setSearched] = useState<string | null>(null);
  const timeline = useQuery({
    queryKey: ['parcel', searched],
    queryFn: () => fetchTimeline(searched!),
    enabled: searched !== null,
    retry: false,
  });
  const sites = useQuery({ queryKey: ['parcels', 'sites'], queryFn: fetchSites, staleTime: 10 * 60_000 });

  // The session ended mid-search: once the person has signed in again, the search runs again by itself.
  const failedOnSession = timeline.error instanceof ApiError && timeline.error.status === 401;
  const { refetch, isFetching } = timeline;
  useEffect(() => {
    if (!session.expired && failedOnSession && !isFetching) void refetch();
  }, [session.expired, failedOnSession, isFetching, refetch]);

  function search(values: Values) {
    const waybillNo = values.waybillNo.trim().toUpperCase();
    if (waybillNo === searched) void timeline.refetch();
    else setSearched(waybillNo);
  }

  const error = timeline.error instanceof ApiError ? timeline.error : null;
  return (
    <>
      <PageHeader title={t('title')} />
      <Card style={{ marginBottom: 16 }}>
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{ waybillNo: '' }}
          onFinish={search}
          role="search"
        >
          <Flex gap={12} wrap align="flex-end">
            <Form.Item
              label={t('search.waybillNo')}
              name="waybillNo"
              style={{ flex: '1 1 260px', minWidth: 0, marginBottom: 0 }}
              rules={[
                { required: true, whitespace: true, message: t('search.required') },
                { max: 40, message: t('search.tooLong') },
              ]}
            >
              <Input autoComplete="off" spellCheck={false} autoFocus />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={timeline.isFetching}>
              {t('search.submit')}
            </Button>
          </Flex>
        </Form>
      </Card>
      {searched === null ? (
        <Empty description={t('search.hint')} />
      ) : timeline.isPending || (timeline.isFetching && timeline.isError) ? (
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : timeline.isError ? (
        error?.status === 404 || error?.status === 400 ? (
          <Alert
            role="alert"
            type="warning"
            showIcon
            title={t('notFound.title')}
            description={t('notFound.body', { waybillNo: searched })}
          />
        ) : failedOnSession ? (
          <Alert type="info" showIcon title={t('sessionEnded')} />
        ) : (
          <Alert
            role="alert"
            type="error"
            showIcon
            title={t('failed')}
            action={<Button onClick={() => void timeline.refetch()}>{t('common:state.retry')}</Button>}
          />
        )
      ) : (
        <TimelineView timeline={timeline.data} sites={sites.data ?? []} />
      )}
    </>
  );
}
