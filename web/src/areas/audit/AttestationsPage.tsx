// Attestations: the signed day statements, signing one (where the role may), and checking them here in the
// browser with the public keys alone: the Ed25519 signature over the statement's canonical JSON, and a
// parcel's inclusion proof against the signed Merkle root. The server is not asked whether they are valid.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Row,
  Select,
  Spin,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { ApiError, fieldErrors } from '../../api/problem';
import { chinaDateTime, chinaToday } from '../../app/format';
import { PageHeader } from '../../app/PageHeader';
import { useSession } from '../../session/session';
import { addDays } from './coverageData';
import {
  ALL_SITES,
  ErrorAlert,
  SiteSelect,
  usePublicKeys,
  useSites,
  VerdictPanel,
  CardTitle,
  TableRegion,
} from './shared';
import {
  NOT_JSON,
  verifyInclusionProof,
  verifySignedStatement,
  type ListedAttestation,
  type TrustedKey,
  type Verdict,
} from './verify';

type Attestation =
  paths['/api/v1/reports/attestations']['get']['responses'][200]['content']['application/json'][number];

const pretty = (value: unknown) => JSON.stringify(value, null, 2);
/** A plain value as text; anything else (missing, an object in an edited proof) as a dash. */
const shown = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '—';

function parse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

export default function AttestationsPage() {
  const { t } = useTranslation('audit');
  const session = useSession();
  const sites = useSites();
  const keys = usePublicKeys();
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const list = useQuery({
    queryKey: ['audit', 'attestations'],
    queryFn: () => unwrap(api.GET('/api/v1/reports/attestations', { params: { query: {} } })),
  });
  const label = (attestation: Attestation) =>
    t('attest.option', {
      day: attestation.day,
      site: attestation.siteId === null ? t('site.all') : sites.codeOf(attestation.siteId),
      count: attestation.leafCount,
      signedAt: chinaDateTime(attestation.createdAt),
    });
  return (
    <>
      <PageHeader title={t('attest.title')} />
      <Typography.Paragraph>{t('attest.intro')}</Typography.Paragraph>
      {session.can('reports:attest') && <SignCard sites={sites} onSigned={setSelected} />}
      {keys.isError && <ErrorAlert error={keys.error} />}
      <Card title={<CardTitle>{t('attest.listTitle')}</CardTitle>} style={{ marginBottom: 16 }}>
        {list.isError && <ErrorAlert error={list.error} />}
        <TableRegion label={t('attest.listTitle')}>
          <Table<Attestation>
            rowKey="id"
            size="small"
            loading={list.isPending}
            dataSource={list.data ?? []}
            pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty description={t('attest.none')} /> }}
            rowClassName={(row) => (row.id === selected ? 'ant-table-row-selected' : '')}
            columns={[
              { title: t('attest.day'), dataIndex: 'day' },
              {
                title: t('site.label'),
                dataIndex: 'siteId',
                render: (id: string | null) => (id === null ? t('site.all') : sites.codeOf(id)),
              },
              { title: t('attest.parcels'), dataIndex: 'leafCount' },
              {
                title: t('attest.root'),
                dataIndex: 'merkleRoot',
                render: (root: string) => (
                  <Typography.Text code copyable={{ text: root }}>{`${root.slice(0, 16)}…`}</Typography.Text>
                ),
              },
              { title: t('attest.key'), dataIndex: 'keyId' },
              {
                title: t('attest.signedAt'),
                dataIndex: 'createdAt',
                render: (at: number) => chinaDateTime(at),
              },
              {
                title: t('attest.actions'),
                key: 'actions',
                render: (_, row) => (
                  <Button
                    size="small"
                    type={row.id === selected ? 'primary' : 'default'}
                    aria-label={t('attest.verifyOne', { name: label(row) })}
                    onClick={() => setSelected(row.id)}
                  >
                    {t('attest.verify')}
                  </Button>
                ),
              },
            ]}
          />
        </TableRegion>
      </Card>
      {selected !== undefined && keys.data !== undefined && list.data !== undefined && (
        <StatementCard
          key={selected}
          id={selected}
          listed={list.data.find((row) => row.id === selected)}
          keys={keys.data}
          name={(() => {
            const row = list.data.find((candidate) => candidate.id === selected);
            return row === undefined ? selected : label(row);
          })()}
        />
      )}
      <ProofCard
        attestations={list.data ?? []}
        label={label}
        keys={keys.data}
        selected={selected}
        onSelect={setSelected}
      />
    </>
  );
}

function SignCard({
  sites,
  onSigned,
}: {
  sites: ReturnType<typeof useSites>;
  onSigned: (id: string) => void;
}) {
  const { t } = useTranslation('audit');
  const [form] = Form.useForm<{ date: Dayjs; siteId: string }>();
  const queryClient = useQueryClient();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const today = chinaToday();
  const sign = useMutation({
    mutationFn: (values: { date: Dayjs; siteId: string }) =>
      unwrap(
        api.POST('/api/v1/reports/attestations', {
          body: {
            date: values.date.format('YYYY-MM-DD'),
            ...(values.siteId === ALL_SITES ? {} : { siteId: values.siteId }),
          },
        }),
      ),
    onSuccess: async (signed) => {
      setUnplaced([]);
      await queryClient.invalidateQueries({ queryKey: ['audit', 'attestations'] });
      const id = (signed.statement as { attestationId?: unknown }).attestationId;
      if (typeof id === 'string') onSigned(id);
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      const { fields, unplaced: others } = fieldErrors(error.problem);
      form.setFields(fields.map((field) => ({ name: field.name as ['date'], errors: field.errors })));
      setUnplaced(fields.length === 0 && others.length === 0 ? [error.message] : others);
    },
  });
  const signed = sign.data?.statement as { day?: string; treeSize?: number } | undefined;
  return (
    <Card title={<CardTitle>{t('attest.signTitle')}</CardTitle>} style={{ marginBottom: 16 }}>
      <Typography.Paragraph>{t('attest.signHelp')}</Typography.Paragraph>
      <Form
        form={form}
        layout="inline"
        style={{ rowGap: 8 }}
        initialValues={{ date: dayjs(addDays(today, -1)), siteId: sites.initial }}
        onFinish={(values) => sign.mutate(values)}
      >
        <Form.Item
          label={t('attest.day')}
          name="date"
          rules={[{ required: true, message: t('attest.dayRequired') }]}
        >
          <DatePicker allowClear={false} disabledDate={(date) => date.format('YYYY-MM-DD') > today} />
        </Form.Item>
        <Form.Item label={t('site.label')} name="siteId">
          <SiteSelect sites={sites} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={sign.isPending}>
            {t('attest.sign')}
          </Button>
        </Form.Item>
      </Form>
      {unplaced.length > 0 && (
        <Alert type="error" showIcon title={unplaced.join('; ')} style={{ marginTop: 12 }} />
      )}
      {signed !== undefined && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 12 }}
          title={t('attest.signed', { day: signed.day ?? '', count: signed.treeSize ?? 0 })}
        />
      )}
    </Card>
  );
}

/** One attestation's signed statement, fetched and verified here; the JSON may be edited and checked again. */
function StatementCard({
  id,
  listed,
  keys,
  name,
}: {
  id: string;
  listed: ListedAttestation | undefined;
  keys: TrustedKey[];
  name: string;
}) {
  const { t } = useTranslation('audit');
  const [text, setText] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const statement = useQuery({
    queryKey: ['audit', 'attestation', id],
    queryFn: () => unwrap(api.GET('/api/v1/reports/attestations/{id}', { params: { path: { id } } })),
  });
  useEffect(() => {
    const signed = statement.data;
    if (signed === undefined) return;
    let current = true;
    setText(pretty(signed));
    void verifySignedStatement(signed, keys, listed).then((result) => {
      if (current) setVerdict(result);
    });
    return () => {
      current = false;
    };
  }, [statement.data, keys, listed]);
  const check = async () => {
    const parsed = parse(text ?? '');
    setVerdict(parsed.ok ? await verifySignedStatement(parsed.value, keys, listed) : NOT_JSON);
  };
  const counts = (statement.data?.statement as { counts?: Record<string, unknown> } | undefined)?.counts;
  return (
    <Card title={<CardTitle>{t('attest.statementTitle', { name })}</CardTitle>} style={{ marginBottom: 16 }}>
      {statement.isError && <ErrorAlert error={statement.error} />}
      {statement.isPending || verdict === null ? (
        <Spin description={t('attest.verifying')}>
          <div style={{ minHeight: 80 }} />
        </Spin>
      ) : (
        <>
          <VerdictPanel verdict={verdict} subject={t('attest.subjectStatement', { name })} />
          {counts !== undefined && (
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginTop: 16 }}>
              {(
                [
                  'presented',
                  'enteredNetwork',
                  'realNameGaps',
                  'inspectionGaps',
                  'xrayGaps',
                  'dispatched',
                ] as const
              ).map((field) => (
                <Descriptions.Item key={field} label={t(`count.${field}`)}>
                  {shown(counts[field])}
                </Descriptions.Item>
              ))}
            </Descriptions>
          )}
          <Form layout="vertical" style={{ marginTop: 16 }}>
            <Form.Item
              label={t('attest.statementJson')}
              extra={t('attest.statementJsonHelp')}
              htmlFor="signed-statement-json"
            >
              <Input.TextArea
                id="signed-statement-json"
                value={text ?? ''}
                onChange={(event) => setText(event.target.value)}
                autoSize={{ minRows: 6, maxRows: 16 }}
                spellCheck={false}
                style={{ fontFamily: 'monospace', fontSize: 12 }}
              />
            </Form.Item>
            <Button onClick={() => void check()}>{t('attest.verifyAgain')}</Button>
          </Form>
        </>
      )}
    </Card>
  );
}

/** A parcel's inclusion proof under an attestation, fetched and verified here; the JSON may be edited too. */
function ProofCard({
  attestations,
  label,
  keys,
  selected,
  onSelect,
}: {
  attestations: Attestation[];
  label: (attestation: Attestation) => string;
  keys: TrustedKey[] | undefined;
  selected: string | undefined;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation('audit');
  const [form] = Form.useForm<{ attestationId: string; waybillNo: string }>();
  const [text, setText] = useState('');
  const [asked, setAsked] = useState<{ attestationId: string; waybillNo: string; signed: unknown } | null>(
    null,
  );
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [record, setRecord] = useState<Record<string, unknown> | null>(null);
  useEffect(() => {
    if (selected !== undefined) form.setFieldValue('attestationId', selected);
  }, [selected, form]);

  const fetchProof = useMutation({
    mutationFn: async (values: { attestationId: string; waybillNo: string }) => {
      const [proof, signed] = await Promise.all([
        unwrap(
          api.GET('/api/v1/reports/attestations/{id}/proof', {
            params: { path: { id: values.attestationId }, query: { waybillNo: values.waybillNo.trim() } },
          }),
        ),
        unwrap(
          api.GET('/api/v1/reports/attestations/{id}', { params: { path: { id: values.attestationId } } }),
        ),
      ]);
      return { proof, signed, values };
    },
    onMutate: () => {
      setVerdict(null);
      setRecord(null);
    },
    onSuccess: async ({ proof, signed, values }) => {
      setText(pretty(proof));
      setAsked({ ...values, signed });
      await check(proof, { ...values, signed });
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      const { fields } = fieldErrors(error.problem, ['query']);
      form.setFields(
        fields.map((field) => ({
          name: field.name[0] === 'waybillNo' ? 'waybillNo' : 'attestationId',
          errors: field.errors,
        })),
      );
    },
  });

  const check = async (proof: unknown, context: { waybillNo: string; signed: unknown }) => {
    if (keys === undefined) return;
    const result = await verifyInclusionProof(proof, keys, {
      signed: context.signed,
      waybillNo: context.waybillNo,
    });
    setVerdict(result);
    const candidate = (proof as { record?: unknown } | null)?.record;
    setRecord(
      typeof candidate === 'object' && candidate !== null ? (candidate as Record<string, unknown>) : null,
    );
  };

  const recheck = async () => {
    if (asked === null) return;
    const parsed = parse(text);
    if (!parsed.ok) {
      setVerdict(NOT_JSON);
      setRecord(null);
      return;
    }
    await check(parsed.value, asked);
  };

  const time = (value: unknown) => (typeof value === 'number' ? chinaDateTime(value) : '—');
  const gate = record?.gate as { kind?: string; decision?: string } | undefined;
  const inspection = record?.inspection as { outcome?: string | null } | undefined;
  const screening = record?.screening as { screenedAt?: unknown } | undefined;

  return (
    <Card title={<CardTitle>{t('proof.title')}</CardTitle>}>
      <Typography.Paragraph>{t('proof.help')}</Typography.Paragraph>
      {attestations.length === 0 ? (
        <Empty description={t('proof.noAttestations')} />
      ) : (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ attestationId: selected }}
          onFinish={(values) => fetchProof.mutate(values)}
        >
          <Row gutter={16} align="bottom">
            <Col xs={24} md={12}>
              <Form.Item
                label={t('proof.attestation')}
                name="attestationId"
                rules={[{ required: true, message: t('proof.attestationRequired') }]}
              >
                <Select
                  placeholder={t('proof.attestationPlaceholder')}
                  options={attestations.map((attestation) => ({
                    value: attestation.id,
                    label: label(attestation),
                  }))}
                  onChange={(value: string) => onSelect(value)}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                label={t('proof.waybillNo')}
                name="waybillNo"
                rules={[{ required: true, whitespace: true, message: t('proof.waybillRequired') }]}
              >
                <Input autoComplete="off" maxLength={40} />
              </Form.Item>
            </Col>
            <Col xs={24} md={4}>
              <Form.Item>
                <Button
                  type="primary"
                  htmlType="submit"
                  loading={fetchProof.isPending}
                  disabled={keys === undefined}
                >
                  {t('proof.fetch')}
                </Button>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      )}
      {fetchProof.isError &&
        !(fetchProof.error instanceof ApiError && fetchProof.error.problem.errors?.length) && (
          <ErrorAlert error={fetchProof.error} />
        )}
      {verdict !== null && asked !== null && (
        <>
          <VerdictPanel
            verdict={verdict}
            subject={t('proof.subject', { waybillNo: asked.waybillNo.trim().toUpperCase() })}
          />
          {record !== null && (
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginTop: 16 }}>
              <Descriptions.Item label={t('proof.waybillNo')}>{shown(record.waybillNo)}</Descriptions.Item>
              <Descriptions.Item label={t('attest.day')}>{shown(record.day)}</Descriptions.Item>
              <Descriptions.Item label={t('proof.state')}>
                {t(`parcelState.${String(record.state)}`, { defaultValue: shown(record.state) })}
              </Descriptions.Item>
              <Descriptions.Item label={t('proof.gate')}>
                {gate === undefined
                  ? '—'
                  : `${t(`gateKind.${shown(gate.kind)}`, { defaultValue: shown(gate.kind) })} · ${t(
                      `gateDecision.${shown(gate.decision)}`,
                      { defaultValue: shown(gate.decision) },
                    )}`}
              </Descriptions.Item>
              <Descriptions.Item label={t('proof.inspection')}>
                {t(`inspectionOutcome.${shown(inspection?.outcome)}`, {
                  defaultValue: shown(inspection?.outcome),
                })}
              </Descriptions.Item>
              <Descriptions.Item label={t('proof.screenedAt')}>
                {time(screening?.screenedAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('proof.dispatchedAt')}>
                {time(record.dispatchedAt)}
              </Descriptions.Item>
            </Descriptions>
          )}
          <Form layout="vertical" style={{ marginTop: 16 }}>
            <Form.Item label={t('proof.json')} extra={t('proof.jsonHelp')} htmlFor="inclusion-proof-json">
              <Input.TextArea
                id="inclusion-proof-json"
                value={text}
                onChange={(event) => setText(event.target.value)}
                autoSize={{ minRows: 6, maxRows: 16 }}
                spellCheck={false}
                style={{ fontFamily: 'monospace', fontSize: 12 }}
              />
            </Form.Item>
            <Flex gap={8}>
              <Button onClick={() => void recheck()}>{t('proof.verifyAgain')}</Button>
            </Flex>
          </Form>
        </>
      )}
    </Card>
  );
}
