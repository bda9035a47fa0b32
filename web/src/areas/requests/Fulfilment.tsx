// What follows approval: the scoped package built and downloaded (its signed manifest's SHA-256 kept with the
// request), its receipt recorded (the request is fulfilled), parcels in scope detained, the legal hold that keeps
// retention off what the scope names, and closing. Each step is the server's to allow; its refusal is shown.
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  Row,
  Switch,
  Typography,
} from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { chinaDateTime } from '../../app/format';
import { StatusTag } from '../../app/StatusTag';
import { ProblemAlert, showProblem } from '../admin/shared';
import { saveJson } from './files';
import { chinaLocalToEpoch } from './registerForm';
import type { LawfulRequest } from './types';

interface ReceiptValues {
  receivingOfficers: { name?: string; workIdNo?: string }[];
  receivedAt?: string;
  note?: string;
}

function packageName(request: LawfulRequest): string {
  return `${request.reference}-package.json`;
}

export function Fulfilment({
  request,
  onChanged,
  onHoldToggle,
}: {
  request: LawfulRequest;
  onChanged: (request: LawfulRequest) => void;
  onHoldToggle: () => void;
}) {
  const { t } = useTranslation('requests');
  const { message } = App.useApp();
  const [problem, setProblem] = useState<string | null>(null);
  const approved = request.status === 'approved';
  const exportPackage = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/lawful-requests/{id}/export', { params: { path: { id: request.id } } })),
    onSuccess: async (pkg) => {
      setProblem(null);
      saveJson(pkg, packageName(request));
      void message.success(t('fulfil.exported', { reference: request.reference }));
      // The request now carries the manifest's SHA-256 and when it was exported.
      onChanged(
        await unwrap(api.GET('/api/v1/lawful-requests/{id}', { params: { path: { id: request.id } } })),
      );
    },
    onError: (error) => setProblem(error.message),
  });
  const download = useMutation({
    mutationFn: () =>
      unwrap(api.GET('/api/v1/lawful-requests/{id}/package', { params: { path: { id: request.id } } })),
    onSuccess: (pkg) => saveJson(pkg, packageName(request)),
    onError: (error) => setProblem(error.message),
  });

  return (
    <Flex vertical gap={16}>
      {problem !== null && <Alert type="error" showIcon title={problem} />}
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('fulfil.package')}>
          {request.packageSha256 === null ? (
            t('fulfil.noPackage')
          ) : (
            <>
              {request.exportedAt === null ? '' : `${chinaDateTime(request.exportedAt)} · `}
              <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
                {request.packageSha256}
              </Typography.Text>
            </>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('fulfil.receipt')}>
          {request.receipt === null
            ? '—'
            : `${chinaDateTime(request.receipt.receivedAt)} · ${request.receipt.receivingOfficers
                .map((officer) => `${officer.name} (${officer.workIdNo})`)
                .join(', ')}${request.receipt.note === null ? '' : ` · ${request.receipt.note}`}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('fulfil.detained')}>
          {request.detainedWaybills.length === 0 ? '—' : request.detainedWaybills.join(', ')}
        </Descriptions.Item>
        <Descriptions.Item label={t('fulfil.legalHold')}>
          <Flex gap={8} align="center">
            <Switch
              checked={request.legalHold}
              onChange={onHoldToggle}
              aria-label={t('fulfil.legalHoldSwitch')}
            />
            <StatusTag tone={request.legalHold ? 'info' : 'neutral'}>
              {t(request.legalHold ? 'fulfil.holdOn' : 'fulfil.holdOff')}
            </StatusTag>
          </Flex>
        </Descriptions.Item>
      </Descriptions>
      {(approved || request.packageSha256 !== null) && (
        <Flex gap={8} wrap>
          {approved && (
            <Button type="primary" loading={exportPackage.isPending} onClick={() => exportPackage.mutate()}>
              {t(request.packageSha256 === null ? 'fulfil.export' : 'fulfil.exportAgain')}
            </Button>
          )}
          {request.packageSha256 !== null && (
            <Button loading={download.isPending} onClick={() => download.mutate()}>
              {t('fulfil.download')}
            </Button>
          )}
        </Flex>
      )}
      {approved && (request.scope.waybills ?? []).length > 0 && (
        <DetainForm request={request} onChanged={onChanged} />
      )}
      {approved && request.packageSha256 !== null && <ReceiptForm request={request} onChanged={onChanged} />}
    </Flex>
  );
}

function DetainForm({
  request,
  onChanged,
}: {
  request: LawfulRequest;
  onChanged: (request: LawfulRequest) => void;
}) {
  const { t } = useTranslation('requests');
  const { message } = App.useApp();
  const headingId = useId();
  const [form] = Form.useForm<{ waybills: string[] }>();
  const [problems, setProblems] = useState<string[]>([]);
  const detain = useMutation({
    mutationFn: (waybills: string[]) =>
      unwrap(
        api.POST('/api/v1/lawful-requests/{id}/detain', {
          params: { path: { id: request.id } },
          body: { waybills },
        }),
      ),
    onSuccess: (changed) => {
      form.resetFields();
      setProblems([]);
      void message.success(t('fulfil.detainDone'));
      onChanged(changed);
    },
    onError: (error) => setProblems(showProblem(form, error, ['waybills'])),
  });
  const waybills = request.scope.waybills ?? [];
  return (
    <section aria-labelledby={headingId}>
      <Typography.Title level={3} style={{ fontSize: 14 }} id={headingId}>
        {t('fulfil.detainTitle')}
      </Typography.Title>
      <ProblemAlert messages={problems} />
      <Form
        name="detain"
        form={form}
        layout="vertical"
        onFinish={(values: { waybills?: string[] }) => detain.mutate(values.waybills ?? [])}
      >
        <Form.Item
          name="waybills"
          label={t('fulfil.detainWaybills')}
          // No required rule: it would put aria-required on the group's <div>, which axe refuses; an empty
          // choice is answered next to the field by the server ("must name at least one waybill").
        >
          <Checkbox.Group
            aria-label={t('fulfil.detainWaybills')}
            options={waybills.map((waybill) => ({
              value: waybill.trim().toUpperCase(),
              label: waybill,
              disabled: request.detainedWaybills.includes(waybill.trim().toUpperCase()),
            }))}
          />
        </Form.Item>
        <Button htmlType="submit" loading={detain.isPending}>
          {t('fulfil.detain')}
        </Button>
      </Form>
    </section>
  );
}

function ReceiptForm({
  request,
  onChanged,
}: {
  request: LawfulRequest;
  onChanged: (request: LawfulRequest) => void;
}) {
  const { t } = useTranslation('requests');
  const { message } = App.useApp();
  const headingId = useId();
  const [form] = Form.useForm<ReceiptValues>();
  const [problems, setProblems] = useState<string[]>([]);
  const record = useMutation({
    mutationFn: (values: ReceiptValues) => {
      const receivedAt = values.receivedAt ? chinaLocalToEpoch(values.receivedAt) : undefined;
      return unwrap(
        api.POST('/api/v1/lawful-requests/{id}/receipt', {
          params: { path: { id: request.id } },
          body: {
            receivingOfficers: values.receivingOfficers
              .filter(
                (officer) => (officer.name ?? '').trim() !== '' || (officer.workIdNo ?? '').trim() !== '',
              )
              .map((officer) => ({
                name: (officer.name ?? '').trim(),
                workIdNo: (officer.workIdNo ?? '').trim(),
              })),
            ...(receivedAt === undefined || Number.isNaN(receivedAt) ? {} : { receivedAt }),
            ...(values.note?.trim() ? { note: values.note.trim() } : {}),
          },
        }),
      );
    },
    onSuccess: (changed) => {
      setProblems([]);
      void message.success(t('fulfil.receiptDone', { reference: changed.reference }));
      onChanged(changed);
    },
    onError: (error) => setProblems(showProblem(form, error, ['receivingOfficers', 'receivedAt', 'note'])),
  });
  return (
    <section aria-labelledby={headingId}>
      <Typography.Title level={3} style={{ fontSize: 14 }} id={headingId}>
        {t('fulfil.receiptTitle')}
      </Typography.Title>
      <ProblemAlert messages={problems} />
      <Form<ReceiptValues>
        name="receipt"
        form={form}
        layout="vertical"
        initialValues={{ receivingOfficers: [{}] }}
        onFinish={(values) => record.mutate(values)}
      >
        <Form.List name="receivingOfficers">
          {(fields, { add }) => (
            <>
              {fields.map((field, index) => (
                <Row gutter={16} key={field.key}>
                  <Col xs={24} md={12}>
                    <Form.Item
                      name={[field.name, 'name']}
                      label={t('fulfil.receiverName', { n: index + 1 })}
                      rules={index === 0 ? [{ required: true, message: t('required') }] : []}
                    >
                      <Input autoComplete="off" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item
                      name={[field.name, 'workIdNo']}
                      label={t('fulfil.receiverWorkId', { n: index + 1 })}
                      rules={index === 0 ? [{ required: true, message: t('required') }] : []}
                    >
                      <Input autoComplete="off" />
                    </Form.Item>
                  </Col>
                </Row>
              ))}
              <Button onClick={() => add({})} style={{ marginBottom: 16 }}>
                {t('fulfil.addReceiver')}
              </Button>
            </>
          )}
        </Form.List>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="receivedAt" label={t('fulfil.receivedAt')} extra={t('fulfil.receivedAtHelp')}>
              <Input type="datetime-local" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="note" label={t('fulfil.receiptNote')}>
              <Input autoComplete="off" maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={record.isPending}>
          {t('fulfil.recordReceipt')}
        </Button>
      </Form>
    </section>
  );
}
