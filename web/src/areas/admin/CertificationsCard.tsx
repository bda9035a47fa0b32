// A staff member's certifications: list, revoke, and (admins only) enter one by hand with a reason: training
// done elsewhere, records carried over. Certificates normally come from a passed assessment (Training). The
// gates check these: an X-ray screener needs a valid xray-operation certification.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Empty, Form, Input, Row, Select, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../session/session';
import { chinaToday, daysUntil } from '../../app/format';
import { StatusTag } from '../../app/StatusTag';
import {
  CardTitle,
  CERTIFICATION_KINDS,
  ProblemAlert,
  showProblem,
  type Certification,
  type StaffMember,
} from './shared';

interface GrantValues {
  kind: Certification['kind'];
  issuedOn: string;
  expiresOn: string;
  certificateNo?: string;
  reason: string;
}

export function CertificationsCard({ member }: { member: StaffMember }) {
  const { t } = useTranslation(['admin', 'common']);
  const { modal, message } = App.useApp();
  const session = useSession();
  const queryClient = useQueryClient();
  const queryKey = ['admin', 'certifications', member.id];
  const certifications = useQuery({
    queryKey,
    queryFn: () =>
      unwrap(api.GET('/api/v1/staff/{id}/certifications', { params: { path: { id: member.id } } })),
  });
  const [form] = Form.useForm<GrantValues>();
  const [problems, setProblems] = useState<string[]>([]);
  const grant = useMutation({
    mutationFn: (values: GrantValues) =>
      unwrap(
        api.POST('/api/v1/staff/{id}/certifications', {
          params: { path: { id: member.id } },
          body: {
            kind: values.kind,
            issuedOn: values.issuedOn,
            expiresOn: values.expiresOn,
            reason: values.reason,
            ...(values.certificateNo?.trim() ? { certificateNo: values.certificateNo.trim() } : {}),
          },
        }),
      ),
    onSuccess: (certification) => {
      void queryClient.invalidateQueries({ queryKey });
      void message.success(t('certs.granted', { kind: t(`common:certifications.${certification.kind}`) }));
      form.resetFields();
    },
    onError: (error) =>
      setProblems(showProblem(form, error, ['kind', 'issuedOn', 'expiresOn', 'certificateNo', 'reason'])),
  });
  const revoke = useMutation({
    mutationFn: (certification: Certification) =>
      unwrap(
        api.DELETE('/api/v1/staff/{id}/certifications/{certificationId}', {
          params: { path: { id: member.id, certificationId: certification.id } },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey }),
    onError: (error) => void message.error(error.message),
  });
  const confirmRevoke = (certification: Certification) => {
    modal.confirm({
      title: t('certs.revokeConfirm', {
        kind: t(`common:certifications.${certification.kind}`),
        name: member.name,
      }),
      okText: t('certs.revoke'),
      cancelText: t('actions.cancel'),
      onOk: () => revoke.mutateAsync(certification),
    });
  };

  return (
    <Card title={<CardTitle>{t('certs.title')}</CardTitle>} size="small">
      <Table<Certification>
        rowKey="id"
        size="small"
        loading={certifications.isPending}
        dataSource={certifications.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('certs.none')} /> }}
        columns={[
          {
            title: t('certs.kind'),
            dataIndex: 'kind',
            render: (kind: string) => t(`common:certifications.${kind}`),
          },
          {
            title: t('certs.certificateNo'),
            dataIndex: 'certificateNo',
            render: (no: string | null) => no ?? '—',
          },
          {
            title: t('certs.source'),
            key: 'source',
            render: (_, row) =>
              row.source === 'manual'
                ? t('certs.sources.manual', { reason: row.reason ?? '' })
                : row.source === 'training'
                  ? t('certs.sources.training')
                  : '—',
          },
          { title: t('certs.issuedOn'), dataIndex: 'issuedOn' },
          { title: t('certs.expiresOn'), dataIndex: 'expiresOn' },
          {
            title: t('certs.status'),
            key: 'status',
            render: (_, row) => {
              if (row.revokedAt !== null) return <StatusTag tone="neutral">{t('certs.revoked')}</StatusTag>;
              const days = daysUntil(row.expiresOn);
              if (days < 0) return <StatusTag tone="bad">{t('certs.expired')}</StatusTag>;
              if (days <= 30)
                return <StatusTag tone="warn">{t('certs.expiresInDays', { count: days })}</StatusTag>;
              return <StatusTag tone="ok">{t('certs.valid')}</StatusTag>;
            },
          },
          {
            title: t('actions.title'),
            key: 'actions',
            render: (_, row) =>
              row.revokedAt === null ? (
                <Button
                  size="small"
                  danger
                  aria-label={t('certs.revokeOne', { kind: t(`common:certifications.${row.kind}`) })}
                  onClick={() => confirmRevoke(row)}
                >
                  {t('certs.revoke')}
                </Button>
              ) : null,
          },
        ]}
      />
      {session.can('training:certify') ? (
        <Form<GrantValues>
          name="certification"
          form={form}
          layout="vertical"
          style={{ marginTop: 16 }}
          initialValues={{ issuedOn: chinaToday() }}
          onFinish={(values) => {
            setProblems([]);
            grant.mutate(values);
          }}
        >
          <ProblemAlert messages={problems} />
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item
                name="kind"
                label={t('certs.kind')}
                rules={[{ required: true, message: t('validation.required') }]}
              >
                <Select
                  aria-label={t('certs.kind')}
                  options={CERTIFICATION_KINDS.map((kind) => ({
                    value: kind,
                    label: t(`common:certifications.${kind}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="certificateNo" label={t('certs.certificateNo')}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="issuedOn"
                label={t('certs.issuedOn')}
                rules={[{ required: true, message: t('validation.required') }]}
              >
                <Input type="date" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="expiresOn"
                label={t('certs.expiresOn')}
                rules={[{ required: true, message: t('validation.required') }]}
              >
                <Input type="date" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item
                name="reason"
                label={t('certs.reason')}
                extra={t('certs.reasonHelp')}
                rules={[
                  { required: true, message: t('validation.required') },
                  { min: 10, message: t('certs.reasonTooShort') },
                ]}
              >
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            </Col>
          </Row>
          <Button htmlType="submit" type="primary" loading={grant.isPending}>
            {t('certs.grant')}
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}
