import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Empty, Flex, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { chinaDateTime } from '../../app/format';
import { PageHeader } from '../../app/PageHeader';
import { StatusTag } from '../../app/StatusTag';
import { AddWatchlistForm } from './watchlist/AddWatchlistForm';
import type { WatchlistEntry } from './watchlist/types';
import { AccessibleColours } from './clues/AccessibleColours';

/** The watchlist: documents and phones whose appearance at a gate holds the parcel and raises a clue. */
export default function WatchlistPage() {
  const { t } = useTranslation('security');
  const { modal, message } = App.useApp();
  const queryClient = useQueryClient();
  const [includeInactive, setIncludeInactive] = useState(false);
  const entries = useQuery({
    queryKey: ['watchlist', includeInactive],
    queryFn: () => unwrap(api.GET('/api/v1/identity/watchlist', { params: { query: { includeInactive } } })),
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE('/api/v1/identity/watchlist/{id}', { params: { path: { id } } })),
    onSuccess: async (entry) => {
      void message.success(t('watchlist.removed', { value: entry.valueMasked }));
      await queryClient.invalidateQueries({ queryKey: ['watchlist'] });
    },
    onError: (error: Error) => void message.error(error.message),
  });

  const what = (entry: WatchlistEntry) =>
    entry.kind === 'phone'
      ? t('watchlist.kinds.phone')
      : [
          t(`watchlist.documentTypes.${entry.documentType ?? ''}`, {
            defaultValue: entry.documentType ?? '',
          }),
          entry.nationality,
        ]
          .filter(Boolean)
          .join(' · ');

  const confirmRemove = (entry: WatchlistEntry): void => {
    modal.confirm({
      title: t('watchlist.confirmTitle', { value: entry.valueMasked }),
      content: t('watchlist.confirmBody'),
      okText: t('watchlist.remove'),
      cancelText: t('cancel'),
      mask: { closable: false },
      onOk: () => remove.mutateAsync(entry.id),
    });
  };

  return (
    <AccessibleColours>
      <PageHeader title={t('watchlist.title')} />
      <Flex vertical gap={16}>
        <AddWatchlistForm />
        <Card
          title={t('watchlist.listTitle')}
          extra={
            <Checkbox
              checked={includeInactive}
              onChange={(event) => setIncludeInactive(event.target.checked)}
            >
              {t('watchlist.includeInactive')}
            </Checkbox>
          }
        >
          {entries.isError ? (
            <Alert type="error" showIcon title={entries.error.message} />
          ) : (
            <Table<WatchlistEntry>
              rowKey="id"
              size="small"
              scroll={{ x: 800 }}
              loading={entries.isPending}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              dataSource={entries.data ?? []}
              locale={{ emptyText: <Empty description={t('watchlist.none')} /> }}
              columns={[
                { title: t('watchlist.what'), key: 'what', render: (_, entry) => what(entry) },
                { title: t('watchlist.value'), dataIndex: 'valueMasked' },
                { title: t('watchlist.reason'), dataIndex: 'reason' },
                {
                  title: t('watchlist.expiresOn'),
                  dataIndex: 'expiresOn',
                  render: (value: string | null) => value ?? t('watchlist.untilRemoved'),
                },
                {
                  title: t('watchlist.addedAt'),
                  dataIndex: 'createdAt',
                  render: (at: number) => chinaDateTime(at),
                },
                {
                  title: t('watchlist.status'),
                  key: 'status',
                  render: (_, entry) =>
                    entry.active ? (
                      <StatusTag tone="bad">{t('watchlist.statuses.active')}</StatusTag>
                    ) : entry.removedAt !== null ? (
                      <StatusTag tone="neutral">{t('watchlist.statuses.removed')}</StatusTag>
                    ) : (
                      <StatusTag tone="neutral">{t('watchlist.statuses.expired')}</StatusTag>
                    ),
                },
                {
                  title: t('watchlist.actions'),
                  key: 'actions',
                  render: (_, entry) =>
                    entry.removedAt === null ? (
                      <Button
                        size="small"
                        danger
                        aria-label={t('watchlist.removeEntry', { value: entry.valueMasked })}
                        onClick={() => {
                          confirmRemove(entry);
                        }}
                      >
                        {t('watchlist.remove')}
                      </Button>
                    ) : null,
                },
              ]}
            />
          )}
        </Card>
      </Flex>
    </AccessibleColours>
  );
}
