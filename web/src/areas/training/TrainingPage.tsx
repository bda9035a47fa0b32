import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Radio, Select, Space, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { ApiError } from '../../api/problem';
import { chinaDateTime, chinaToday, daysUntil } from '../../app/format';
import { PageHeader } from '../../app/PageHeader';
import { StatusTag } from '../../app/StatusTag';
import { useSession } from '../../session/session';

type Attempt = paths['/api/v1/training/attempts']['post']['responses'][201]['content']['application/json'];
type Certificate =
  paths['/api/v1/training/certificates/mine']['get']['responses'][200]['content']['application/json'][number];
type AttemptResult =
  paths['/api/v1/training/attempts/{id}/submit']['post']['responses'][200]['content']['application/json'];

/**
 * Training: my certificates and taking an assessment (everyone), the course list, and training coverage of a site
 * for a month (those who read training records).
 */
export default function TrainingPage() {
  const { t } = useTranslation('training');
  const session = useSession();
  const items = [
    { key: 'mine', label: t('tabs.mine'), children: <MyTraining /> },
    { key: 'courses', label: t('tabs.courses'), children: <Courses /> },
    ...(session.can('training:read')
      ? [
          { key: 'sessions', label: t('tabs.sessions'), children: <Sessions /> },
          { key: 'coverage', label: t('tabs.coverage'), children: <SiteCoverage /> },
        ]
      : []),
  ];
  return (
    <>
      <PageHeader title={t('title')} />
      <Tabs items={items} />
    </>
  );
}

function useCourses() {
  return useQuery({
    queryKey: ['training', 'courses'],
    queryFn: () => unwrap(api.GET('/api/v1/training/courses')),
  });
}

function certificateStatus(t: (key: string, options?: Record<string, unknown>) => string, row: Certificate) {
  if (row.revokedAt !== null) return <StatusTag tone="neutral">{t('status.revoked')}</StatusTag>;
  const days = daysUntil(row.validUntil);
  if (days < 0) return <StatusTag tone="bad">{t('status.expired')}</StatusTag>;
  if (days <= 30) return <StatusTag tone="warn">{t('status.expiresInDays', { count: days })}</StatusTag>;
  return <StatusTag tone="ok">{t('status.valid')}</StatusTag>;
}

function MyTraining() {
  const { t } = useTranslation('training');
  const { t: common } = useTranslation();
  const certificates = useQuery({
    queryKey: ['training', 'mine'],
    queryFn: () => unwrap(api.GET('/api/v1/training/certificates/mine')),
  });
  return (
    <>
      <Card title={t('mine.title')} style={{ marginBottom: 16 }}>
        <Table
          rowKey="id"
          pagination={false}
          loading={certificates.isLoading}
          dataSource={certificates.data ?? []}
          locale={{ emptyText: <Empty description={t('mine.none')} /> }}
          columns={[
            {
              title: t('mine.certification'),
              dataIndex: 'certification',
              render: (kind: string) => common(`certifications.${kind}`),
            },
            { title: t('mine.contentVersion'), dataIndex: 'contentVersion' },
            { title: t('mine.score'), dataIndex: 'score', render: (score: number | null) => score ?? '—' },
            { title: t('mine.validUntil'), dataIndex: 'validUntil' },
            { title: t('mine.code'), dataIndex: 'verificationCode' },
            { title: t('mine.status'), key: 'status', render: (_, row) => certificateStatus(t, row) },
          ]}
        />
      </Card>
      <TakeAssessment />
    </>
  );
}

function TakeAssessment() {
  const { t } = useTranslation('training');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const courses = useCourses();
  const [courseId, setCourseId] = useState<string | undefined>();
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [answers, setAnswers] = useState<Record<number, number>>({});
  const [result, setResult] = useState<AttemptResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const showProblem = (error: unknown) =>
    setProblem(error instanceof ApiError || error instanceof Error ? error.message : String(error));

  const start = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/training/attempts', { body: { courseId: id } })),
    onSuccess: (started) => {
      setAttempt(started);
      setAnswers({});
      setResult(null);
      setProblem(null);
    },
    onError: showProblem,
  });
  const submit = useMutation({
    mutationFn: (current: Attempt) =>
      unwrap(
        api.POST('/api/v1/training/attempts/{id}/submit', {
          params: { path: { id: current.id } },
          body: { answers: current.questions.map((question) => answers[question.number] ?? -1) },
        }),
      ),
    onSuccess: async (scored) => {
      setResult(scored);
      setAttempt(null);
      await queryClient.invalidateQueries({ queryKey: ['training', 'mine'] });
      if (scored.certificate !== null) void message.success(t('take.certified'));
    },
    onError: showProblem,
  });
  const active = (courses.data ?? []).filter((course) => course.status === 'active');
  const complete =
    attempt !== null && attempt.questions.every((question) => answers[question.number] !== undefined);

  return (
    <Card title={t('take.title')}>
      {problem !== null ? <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problem} /> : null}
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label={t('take.course')}
          placeholder={t('take.course')}
          style={{ minWidth: 320 }}
          value={courseId}
          onChange={setCourseId}
          options={active.map((course) => ({ value: course.id, label: `${course.code} · ${course.title}` }))}
        />
        <Button
          type="primary"
          disabled={courseId === undefined}
          loading={start.isPending}
          onClick={() => courseId !== undefined && start.mutate(courseId)}
        >
          {t('take.start')}
        </Button>
      </Space>
      {attempt !== null ? (
        <div>
          <Typography.Paragraph>
            {t('take.passMark', { passMark: attempt.passMark, count: attempt.questions.length })}
          </Typography.Paragraph>
          {attempt.questions.map((question) => (
            <fieldset key={question.number} style={{ border: 'none', padding: 0, marginBottom: 16 }}>
              <legend>
                <Typography.Text strong>
                  {question.number}. {question.prompt}
                </Typography.Text>
              </legend>
              <Radio.Group
                value={answers[question.number]}
                onChange={(event) =>
                  setAnswers({ ...answers, [question.number]: event.target.value as number })
                }
              >
                <Flex vertical gap={8}>
                  {question.options.map((option, index) => (
                    <Radio key={index} value={index}>
                      {option}
                    </Radio>
                  ))}
                </Flex>
              </Radio.Group>
            </fieldset>
          ))}
          <Button
            type="primary"
            disabled={!complete}
            loading={submit.isPending}
            onClick={() => submit.mutate(attempt)}
          >
            {t('take.submit')}
          </Button>
        </div>
      ) : null}
      {result !== null ? (
        <Alert
          role="status"
          type={
            result.attempt.passed === true ? (result.certificate === null ? 'warning' : 'success') : 'error'
          }
          showIcon
          title={
            result.attempt.passed === true
              ? t('take.passed', { score: result.attempt.score ?? 0 })
              : t('take.failed', { score: result.attempt.score ?? 0, passMark: result.attempt.passMark })
          }
          description={
            result.certificate !== null
              ? t('take.certificate', {
                  code: result.certificate.verificationCode,
                  validUntil: result.certificate.validUntil,
                })
              : (result.withheld ?? undefined)
          }
        />
      ) : null}
    </Card>
  );
}

function Courses() {
  const { t } = useTranslation('training');
  const { t: common } = useTranslation();
  const courses = useCourses();
  return (
    <Card>
      <Table
        rowKey="id"
        pagination={false}
        loading={courses.isLoading}
        dataSource={courses.data ?? []}
        locale={{ emptyText: <Empty description={t('courses.none')} /> }}
        columns={[
          { title: t('courses.code'), dataIndex: 'code' },
          { title: t('courses.title'), dataIndex: 'title' },
          { title: t('courses.kind'), dataIndex: 'kind', render: (kind: string) => t(`kinds.${kind}`) },
          { title: t('courses.version'), dataIndex: 'contentVersion' },
          {
            title: t('courses.grants'),
            dataIndex: 'grants',
            render: (kind: string) => common(`certifications.${kind}`),
          },
          {
            title: t('courses.validity'),
            dataIndex: 'validityDays',
            render: (days: number) => t('courses.days', { count: days }),
          },
          { title: t('courses.passMark'), dataIndex: 'passMark', render: (mark: number) => `${mark}%` },
          {
            title: t('courses.questions'),
            key: 'questions',
            render: (_, row) => (row.generatedFromCatalogue ? t('courses.fromCatalogue') : row.questionCount),
          },
        ]}
      />
    </Card>
  );
}

/** Sessions of the sites the reader reaches, newest first; one opens its roster (latest status and history). */
function Sessions() {
  const { t } = useTranslation('training');
  const session = useSession();
  const [openId, setOpenId] = useState<string | null>(null);
  const courses = useCourses();
  const sessions = useQuery({
    queryKey: ['training', 'sessions'],
    queryFn: () => unwrap(api.GET('/api/v1/training/sessions')),
  });
  const staff = useQuery({
    queryKey: ['staff'],
    queryFn: () => unwrap(api.GET('/api/v1/staff')),
    enabled: session.can('staff:read'),
  });
  const roster = useQuery({
    queryKey: ['training', 'roster', openId],
    queryFn: () => unwrap(api.GET('/api/v1/training/sessions/{id}', { params: { path: { id: openId! } } })),
    enabled: openId !== null,
  });
  // The staff list adds the username where it can be read; otherwise the name the API gives (a visiting trainer
  // from another site is outside a station manager's list).
  const person = (id: string, name: string | null) => {
    const member = staff.data?.find((candidate) => candidate.id === id);
    return member === undefined ? (name ?? id) : `${member.name} (${member.username})`;
  };
  const courseOf = (id: string) => courses.data?.find((course) => course.id === id)?.code ?? id;
  return (
    <>
      <Card title={t('sessions.title')} style={{ marginBottom: 16 }}>
        <Table
          rowKey="id"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          loading={sessions.isLoading}
          dataSource={sessions.data ?? []}
          locale={{ emptyText: <Empty description={t('sessions.none')} /> }}
          columns={[
            { title: t('sessions.course'), dataIndex: 'courseId', render: (id: string) => courseOf(id) },
            {
              title: t('sessions.startsAt'),
              dataIndex: 'startsAt',
              render: (ms: number) => chinaDateTime(ms),
            },
            { title: t('sessions.mode'), dataIndex: 'mode', render: (mode: string) => t(`modes.${mode}`) },
            {
              title: t('sessions.trainer'),
              dataIndex: 'trainerId',
              render: (id: string, row) => person(id, row.trainerName),
            },
            {
              title: t('sessions.location'),
              dataIndex: 'location',
              render: (text: string | null) => text ?? '—',
            },
            {
              title: t('sessions.roster'),
              key: 'roster',
              render: (_, row) => (
                <Button size="small" onClick={() => setOpenId(row.id)}>
                  {t('sessions.open')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {openId !== null ? (
        <Card title={t('sessions.rosterTitle', { course: courseOf(roster.data?.session.courseId ?? '') })}>
          <Table
            rowKey="staffId"
            pagination={false}
            loading={roster.isLoading}
            dataSource={roster.data?.attendees ?? []}
            locale={{ emptyText: <Empty description={t('sessions.nobody')} /> }}
            columns={[
              {
                title: t('reminders.person'),
                dataIndex: 'staffId',
                render: (id: string, row) => person(id, row.name),
              },
              {
                title: t('sessions.status'),
                dataIndex: 'status',
                render: (status: string) => t(`attendance.${status}`),
              },
              {
                title: t('sessions.history'),
                key: 'history',
                render: (_, row) =>
                  row.history
                    .map((mark) => `${chinaDateTime(mark.recordedAt)} ${t(`attendance.${mark.status}`)}`)
                    .join(' → '),
              },
            ]}
          />
        </Card>
      ) : null}
    </>
  );
}

function SiteCoverage() {
  const { t } = useTranslation('training');
  const { t: common } = useTranslation();
  const session = useSession();
  const [month, setMonth] = useState(chinaToday().slice(0, 7));
  const months = Array.from({ length: 6 }, (_, back) => {
    const [year, mon] = chinaToday().slice(0, 7).split('-').map(Number) as [number, number];
    const date = new Date(Date.UTC(year, mon - 1 - back, 1));
    return date.toISOString().slice(0, 7);
  });
  const sites = useQuery({
    queryKey: ['sites'],
    queryFn: () => unwrap(api.GET('/api/v1/sites')),
    enabled: session.can('sites:read'),
    staleTime: 5 * 60_000,
  });
  const coverage = useQuery({
    queryKey: ['training', 'coverage', month],
    queryFn: () => unwrap(api.GET('/api/v1/training/coverage', { params: { query: { month } } })),
  });
  const reminders = useQuery({
    queryKey: ['training', 'reminders'],
    queryFn: () => unwrap(api.GET('/api/v1/training/reminders')),
  });
  const siteLabel = (id: string) => {
    const site = sites.data?.find((candidate) => candidate.id === id);
    return site === undefined ? id : `${site.code} · ${site.name}`;
  };
  const rows = (coverage.data ?? []).flatMap((site) =>
    site.requirements.map((requirement) => ({
      key: `${site.siteId}-${requirement.certification}`,
      site,
      requirement,
    })),
  );
  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Space>
          <Typography.Text id="training-month">{t('coverage.month')}</Typography.Text>
          <Select
            aria-labelledby="training-month"
            value={month}
            onChange={setMonth}
            options={months.map((value) => ({ value, label: value }))}
            style={{ minWidth: 140 }}
          />
        </Space>
      </Card>
      <Card title={t('coverage.title')} style={{ marginBottom: 16 }}>
        <Table
          rowKey="key"
          pagination={false}
          loading={coverage.isLoading}
          dataSource={rows}
          locale={{ emptyText: <Empty description={t('coverage.none')} /> }}
          columns={[
            { title: t('coverage.site'), key: 'site', render: (_, row) => siteLabel(row.site.siteId) },
            {
              title: t('coverage.requirement'),
              key: 'requirement',
              render: (_, row) => common(`certifications.${row.requirement.certification}`),
            },
            {
              title: t('coverage.current'),
              key: 'current',
              render: (_, row) => `${row.requirement.current} / ${row.requirement.required}`,
            },
            {
              title: t('coverage.ratio'),
              key: 'ratio',
              render: (_, row) =>
                row.requirement.ratio === null ? '—' : `${Math.round(row.requirement.ratio * 1000) / 10}%`,
            },
            { title: t('coverage.countedOn'), key: 'countedOn', render: (_, row) => row.site.countedOn },
          ]}
        />
      </Card>
      <Card title={t('reminders.title')}>
        <Table
          rowKey={(row) => `${row.staffId}-${row.certification}`}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          loading={reminders.isLoading}
          dataSource={reminders.data ?? []}
          locale={{ emptyText: <Empty description={t('reminders.none')} /> }}
          columns={[
            {
              title: t('reminders.person'),
              key: 'person',
              render: (_, row) => `${row.name} (${row.username})`,
            },
            {
              title: t('coverage.requirement'),
              dataIndex: 'certification',
              render: (kind: string) => common(`certifications.${kind}`),
            },
            {
              title: t('reminders.state'),
              key: 'state',
              render: (_, row) =>
                row.state === 'overdue' ? (
                  <StatusTag tone="bad">{t('reminders.overdue')}</StatusTag>
                ) : (
                  <StatusTag tone="warn">{t('status.expiresInDays', { count: row.daysLeft ?? 0 })}</StatusTag>
                ),
            },
            {
              title: t('mine.validUntil'),
              dataIndex: 'validUntil',
              render: (date: string | null) => date ?? '—',
            },
          ]}
        />
      </Card>
    </>
  );
}
