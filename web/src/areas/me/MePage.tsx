import { Card, Descriptions, Empty, Table, Tag } from 'antd';
import { StatusTag } from '../../app/StatusTag';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../app/PageHeader';
import { useSession } from '../../session/session';
import { daysUntil } from '../../app/format';

/** Who am I: name, roles, site, and the certifications that let me inspect or screen (with their expiry). */
export default function MePage() {
  const { t } = useTranslation();
  const { me } = useSession();
  if (me === null) return null;
  return (
    <>
      <PageHeader title={t('me.title')} />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('me.name')}>{me.staff?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('me.username')}>{me.staff?.username ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('me.roles')}>
            {me.roles.map((role) => (
              <Tag key={role}>{t(`roles.${role}`)}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('me.site')}>
            {me.site === null ? '—' : `${me.site.name} (${me.site.code})`}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('me.certifications')}>
        <Table
          rowKey="id"
          pagination={false}
          dataSource={me.certifications}
          locale={{ emptyText: <Empty description={t('me.noCertifications')} /> }}
          columns={[
            { title: t('me.kind'), dataIndex: 'kind', render: (kind: string) => t(`certifications.${kind}`) },
            { title: t('me.expiresOn'), dataIndex: 'expiresOn' },
            {
              title: t('me.status'),
              key: 'status',
              render: (_, row) => {
                if (row.revokedAt !== null) return <StatusTag tone="neutral">{t('me.revoked')}</StatusTag>;
                const days = daysUntil(row.expiresOn);
                if (days < 0) return <StatusTag tone="bad">{t('me.expired')}</StatusTag>;
                if (days <= 30)
                  return <StatusTag tone="warn">{t('me.expiresInDays', { count: days })}</StatusTag>;
                return <StatusTag tone="ok">{t('me.valid')}</StatusTag>;
              },
            },
          ]}
        />
      </Card>
    </>
  );
}
