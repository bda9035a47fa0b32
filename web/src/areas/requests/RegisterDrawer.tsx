import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  Drawer,
  Flex,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Typography,
} from 'antd';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ApiError, fieldErrors } from '../../api/problem';
import { chinaToday } from '../../app/format';
import { ProblemAlert } from '../admin/shared';
import { fileToBase64 } from './files';
import {
  epochToChinaLocal,
  formNameFor,
  registerBody,
  registerProblems,
  type DocumentScan,
  type RegisterValues,
} from './registerForm';
import {
  AGENCY_KINDS,
  ARRIVAL_CHANNELS,
  DATA_CATEGORIES,
  DOCUMENT_KINDS,
  ORGAN_LEVELS,
  type LawfulRequest,
} from './types';

const SENDER_DOCUMENT_TYPES = [
  'resident-id',
  'hkmo-residence',
  'tw-residence',
  'hkmo-permit',
  'tw-permit',
  'foreign-permanent-resident',
  'passport',
  'military-id',
] as const;

const SCAN_TYPES = 'image/jpeg,image/png,image/webp,image/tiff,application/pdf';

/** Field problems with no Form.Item of their own: the officer list, the sender-document list, the scan. */
type ListField = 'officers' | 'senderDocuments' | 'documentScan';

const PLAIN_FIELDS = new Set([
  'agencyKind',
  'issuingOrgan',
  'organLevel',
  'foreignAgency',
  'documentKind',
  'documentNumber',
  'documentDate',
  'arrivedVia',
  'deadline',
  'scope.waybills',
  'scope.senderPhones',
  'scope.recipientPhones',
  'scope.siteIds',
  'scope.from',
  'scope.to',
  'scope.categories',
]);

/** Whether the form has a Form.Item of this name (list items: officers.0.name, scope.senderDocuments.1.number). */
function isFormItem(name: (string | number)[]): boolean {
  const key = name.join('.');
  return (
    PLAIN_FIELDS.has(key) ||
    /^officers\.\d+\.(name|workIdNo)$/.test(key) ||
    /^scope\.senderDocuments\.\d+\.(documentType|number|nationality)$/.test(key)
  );
}

function listFieldOf(name: (string | number)[]): ListField | null {
  if (name[0] === 'officers') return 'officers';
  if (name[0] === 'documentScan') return 'documentScan';
  if (name[0] === 'scope' && name[1] === 'senderDocuments') return 'senderDocuments';
  return null;
}

function Section({ children }: { children: ReactNode }) {
  return (
    <Typography.Title level={2} style={{ fontSize: 16, marginTop: 8 }}>
      {children}
    </Typography.Title>
  );
}

function ListErrors({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (errors === undefined || errors.length === 0) return null;
  return (
    <div id={id} role="alert" style={{ marginBottom: 12 }}>
      {errors.map((error) => (
        <Typography.Text key={error} type="danger" style={{ display: 'block' }}>
          {error}
        </Typography.Text>
      ))}
    </div>
  );
}

/**
 * Registers a lawful request, every field the law asks for: the agency and the level of its organ, the legal
 * document (and its scan), the officers present (two or more for state security), how it arrived, the deadline,
 * and the scope (subjects, dates, categories). The form checks what it can first; the server's field errors land
 * on the same fields.
 */
export function RegisterDrawer({
  open,
  onClose,
  onRegistered,
}: {
  open: boolean;
  onClose: () => void;
  onRegistered: (id: string) => void;
}) {
  const { t } = useTranslation(['requests', 'counter']);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const titleId = useId();
  const scanId = useId();
  const [form] = Form.useForm<RegisterValues>();
  const [problems, setProblems] = useState<string[]>([]);
  const [listErrors, setListErrors] = useState<Partial<Record<ListField, string[]>>>({});
  const [scan, setScan] = useState<DocumentScan | null>(null);
  const agencyKind = Form.useWatch('agencyKind', form);
  const sites = useQuery({
    queryKey: ['requests', 'sites'],
    queryFn: () => unwrap(api.GET('/api/v1/sites')),
    enabled: open,
  });

  const place = (errors: { name: (string | number)[]; messages: string[] }[]) => {
    const lists: Partial<Record<ListField, string[]>> = {};
    const unplaced: string[] = [];
    const fields: { name: (string | number)[]; errors: string[] }[] = [];
    for (const error of errors) {
      if (isFormItem(error.name)) {
        fields.push({ name: error.name, errors: error.messages });
        continue;
      }
      const list = listFieldOf(error.name);
      if (list !== null) lists[list] = [...(lists[list] ?? []), ...error.messages];
      else unplaced.push(...error.messages.map((text) => `${error.name.join('/')}: ${text}`));
    }
    form.setFields(fields as Parameters<typeof form.setFields>[0]);
    setListErrors(lists);
    return unplaced;
  };

  const save = useMutation({
    mutationFn: (values: RegisterValues) =>
      unwrap(api.POST('/api/v1/lawful-requests', { body: registerBody(values, scan) })),
    onSuccess: (created: LawfulRequest) => {
      void queryClient.invalidateQueries({ queryKey: ['lawful-requests'] });
      void message.success(t('register.done', { reference: created.reference }));
      form.resetFields();
      setScan(null);
      onRegistered(created.id);
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return setProblems([error.message]);
      const { fields, unplaced } = fieldErrors(error.problem);
      const left = place(fields.map((field) => ({ name: formNameFor(field.name), messages: field.errors })));
      setProblems([error.message, ...unplaced, ...left]);
    },
  });

  const submit = (values: RegisterValues) => {
    setProblems([]);
    const found = registerProblems(values);
    if (found.length > 0) {
      place(found.map((problem) => ({ name: problem.name, messages: [t(problem.messageKey)] })));
      setProblems([t('register.fix')]);
      return;
    }
    setListErrors({});
    save.mutate(values);
  };

  const chooseScan = async (file: File | undefined) => {
    if (file === undefined) return setScan(null);
    setScan({
      fileName: file.name,
      mediaType: file.type || 'application/octet-stream',
      contentBase64: await fileToBase64(file),
    });
  };

  const required = [{ required: true, message: t('required') }];
  const today = chinaToday();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      aria-labelledby={titleId}
      title={<span id={titleId}>{t('register.title')}</span>}
      size="large"
      closable={{ 'aria-label': t('close') }}
      footer={
        <Flex gap={8} justify="flex-end">
          <Button onClick={onClose}>{t('cancel')}</Button>
          {/* isPending, not a flag of our own cleared in a callback: react-query clears it however the request ends
              (a flag left set once kept the button spinning, and refusing clicks, after a 400). */}
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('register.submit')}
          </Button>
        </Flex>
      }
    >
      <ProblemAlert messages={problems} />
      <Form<RegisterValues>
        name="lawful-request"
        form={form}
        layout="vertical"
        scrollToFirstError
        initialValues={{
          agencyKind: 'state-security',
          organLevel: 'districted-city',
          documentKind: 'evidence-collection-notice',
          arrivedVia: 'in-person',
          officers: [{}, {}],
          deadline: epochToChinaLocal(Date.now() + 7 * 86_400_000).slice(0, 11) + '18:00',
          scope: { categories: [], senderDocuments: [] },
        }}
        onFinish={submit}
        onValuesChange={(changed: Partial<RegisterValues>) => {
          // A field's error (the form's own check or the server's) goes when the part it is about changes; the
          // scope's errors go together, since naming any subject answers "name a subject".
          const touched = Object.keys(changed);
          const stale = form
            .getFieldsError()
            .filter((field) => field.errors.length > 0 && touched.includes(String(field.name[0])));
          if (stale.length > 0)
            form.setFields(
              stale.map((field) => ({ name: field.name, errors: [] })) as unknown as Parameters<
                typeof form.setFields
              >[0],
            );
          if (touched.includes('officers')) setListErrors(({ officers: _, ...rest }) => rest);
          if (touched.includes('scope')) setListErrors(({ senderDocuments: _, ...rest }) => rest);
        }}
      >
        <Section>{t('register.agencySection')}</Section>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="agencyKind" label={t('register.agencyKind')} rules={required}>
              <Select
                options={AGENCY_KINDS.map((kind) => ({ value: kind, label: t(`agencyKinds.${kind}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="organLevel" label={t('register.organLevel')} rules={required}>
              <Select
                options={ORGAN_LEVELS.map((level) => ({ value: level, label: t(`organLevels.${level}`) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="issuingOrgan"
          label={t('register.issuingOrgan')}
          rules={[{ required: true, min: 2, message: t('register.issuingOrganRequired') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="foreignAgency" valuePropName="checked" extra={t('register.foreignAgencyHelp')}>
          <Checkbox>{t('register.foreignAgency')}</Checkbox>
        </Form.Item>

        <Section>{t('register.documentSection')}</Section>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="documentKind" label={t('register.documentKind')} rules={required}>
              <Select
                options={DOCUMENT_KINDS.map((kind) => ({ value: kind, label: t(`documentKinds.${kind}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="documentNumber" label={t('register.documentNumber')} rules={required}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="documentDate" label={t('register.documentDate')} rules={required}>
              <Input type="date" max={today} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('register.documentScan')}
              htmlFor={scanId}
              extra={scan === null ? t('register.documentScanHelp') : scan.fileName}
              validateStatus={listErrors.documentScan === undefined ? undefined : 'error'}
              help={listErrors.documentScan?.join('; ')}
            >
              <input
                id={scanId}
                type="file"
                accept={SCAN_TYPES}
                onChange={(event) => void chooseScan(event.target.files?.[0])}
              />
            </Form.Item>
          </Col>
        </Row>

        <Section>{t('register.officersSection')}</Section>
        <Typography.Paragraph type="secondary">
          {agencyKind === 'state-security' ? t('register.officersStateSecurity') : t('register.officersHelp')}
        </Typography.Paragraph>
        <ListErrors id={`${titleId}-officers`} errors={listErrors.officers} />
        <Form.List name="officers">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Row gutter={16} key={field.key} align="bottom">
                  <Col xs={24} md={11}>
                    <Form.Item
                      name={[field.name, 'name']}
                      label={t('register.officerName', { n: index + 1 })}
                    >
                      <Input autoComplete="off" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={9}>
                    <Form.Item
                      name={[field.name, 'workIdNo']}
                      label={t('register.officerWorkId', { n: index + 1 })}
                    >
                      <Input autoComplete="off" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={4}>
                    <Form.Item>
                      <Button
                        onClick={() => remove(field.name)}
                        aria-label={t('register.removeOfficer', { n: index + 1 })}
                      >
                        {t('remove')}
                      </Button>
                    </Form.Item>
                  </Col>
                </Row>
              ))}
              <Button onClick={() => add({})} style={{ marginBottom: 16 }}>
                {t('register.addOfficer')}
              </Button>
            </>
          )}
        </Form.List>

        <Section>{t('register.arrivalSection')}</Section>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="arrivedVia" label={t('register.arrivedVia')} rules={required}>
              <Radio.Group
                aria-label={t('register.arrivedVia')}
                options={ARRIVAL_CHANNELS.map((channel) => ({
                  value: channel,
                  label: t(`arrivalChannels.${channel}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="deadline"
              label={t('register.deadline')}
              extra={t('register.deadlineHelp')}
              rules={required}
            >
              <Input type="datetime-local" />
            </Form.Item>
          </Col>
        </Row>

        <Section>{t('register.scopeSection')}</Section>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('register.scopeHelp')} />
        <Form.Item name={['scope', 'waybills']} label={t('scope.waybills')} extra={t('register.onePerLine')}>
          <Input.TextArea rows={2} autoComplete="off" />
        </Form.Item>
        <Typography.Text strong>{t('scope.senderDocuments')}</Typography.Text>
        <ListErrors id={`${titleId}-documents`} errors={listErrors.senderDocuments} />
        <Form.List name={['scope', 'senderDocuments']}>
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((field, index) => (
                <Row gutter={16} key={field.key} align="bottom">
                  <Col xs={24} md={9}>
                    <Form.Item
                      name={[field.name, 'documentType']}
                      label={t('register.senderDocumentType', { n: index + 1 })}
                      initialValue="resident-id"
                    >
                      <Select
                        options={SENDER_DOCUMENT_TYPES.map((type) => ({
                          value: type,
                          label: t(`counter:documentTypes.${type}`),
                        }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item
                      name={[field.name, 'number']}
                      label={t('register.senderDocumentNumber', { n: index + 1 })}
                    >
                      <Input autoComplete="off" />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item
                      name={[field.name, 'nationality']}
                      label={t('register.senderNationality', { n: index + 1 })}
                    >
                      <Input autoComplete="off" maxLength={3} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={3}>
                    <Form.Item>
                      <Button
                        onClick={() => remove(field.name)}
                        aria-label={t('register.removeSenderDocument', { n: index + 1 })}
                      >
                        {t('remove')}
                      </Button>
                    </Form.Item>
                  </Col>
                </Row>
              ))}
              <Button onClick={() => add({ documentType: 'resident-id' })} style={{ marginBottom: 16 }}>
                {t('register.addSenderDocument')}
              </Button>
            </div>
          )}
        </Form.List>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name={['scope', 'senderPhones']}
              label={t('scope.senderPhones')}
              extra={t('register.onePerLine')}
            >
              <Input.TextArea rows={2} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name={['scope', 'recipientPhones']}
              label={t('scope.recipientPhones')}
              extra={t('register.onePerLine')}
            >
              <Input.TextArea rows={2} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name={['scope', 'siteIds']} label={t('scope.sites')}>
          <Select
            mode="multiple"
            allowClear
            loading={sites.isPending}
            options={(sites.data ?? []).map((site) => ({
              value: site.id,
              label: `${site.name} (${site.code})`,
            }))}
          />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name={['scope', 'from']} label={t('scope.from')}>
              <Input type="date" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name={['scope', 'to']} label={t('scope.to')}>
              <Input type="date" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name={['scope', 'categories']} label={t('scope.categories')}>
          <Checkbox.Group
            aria-label={t('scope.categories')}
            options={DATA_CATEGORIES.map((category) => ({
              value: category,
              label: t(`categories.${category}`),
            }))}
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
