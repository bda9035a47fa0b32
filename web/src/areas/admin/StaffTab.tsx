// Staff: list (by site), register (a generated password shown once), change name/site/roles/phone, suspend and
// reactivate, reset a password, and certifications. Only the roles the signed-in person may grant are offered
// (GET /auth/me grantableRoles; a station manager: courier and screener at their own site), and only the
// people they may manage get the manage button (the API decides either way).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Table,
  Tag,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { StatusTag } from '../../app/StatusTag';
import { useSession, type Me } from '../../session/session';
import { ApproverCard } from './ApproverCard';
import { CertificationsCard } from './CertificationsCard';
import {
  CardTitle,
  generatePassword,
  OnceSecretDialog,
  ProblemAlert,
  showProblem,
  siteLabel,
  useSites,
  type Site,
  type StaffMember,
} from './shared';

type StaffRole = StaffMember['roles'][number];

interface StaffValues {
  username: string;
  name: string;
  siteId: string;
  roles: StaffRole[];
  phone?: string;
}

/** Whether `me` may manage `member` (mirrors people/access.ts: never oneself, own site unless company-wide). */
export function mayManage(me: Me, member: StaffMember): boolean {
  if (me.staff?.id === member.id) return false;
  if (!me.permissions.includes('sites:all') && member.siteId !== me.siteId) return false;
  return member.roles.every((role) => me.grantableRoles.includes(role));
}

export default function StaffTab() {
  const { t } = useTranslation(['admin', 'common']);
  const { me } = useSession();
  const companyWide = me?.permissions.includes('sites:all') ?? false;
  const sites = useSites();
  const [siteFilter, setSiteFilter] = useState<string | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const [managingId, setManagingId] = useState<string | null>(null);
  const [created, setCreated] = useState<{ username: string; password: string } | null>(null);
  const siteId = companyWide ? siteFilter : (me?.siteId ?? undefined);
  const staff = useQuery({
    queryKey: ['admin', 'staff', siteId ?? 'all'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/staff', { params: { query: siteId === undefined ? {} : { siteId } } })),
  });
  if (me === null) return null;
  const managing = staff.data?.find((member) => member.id === managingId) ?? null;

  return (
    <Card
      title={<CardTitle>{t('staff.title')}</CardTitle>}
      extra={
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('staff.create')}
        </Button>
      }
    >
      <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
        {companyWide ? (
          <Select
            aria-label={t('staff.siteFilter')}
            allowClear
            placeholder={t('staff.allSites')}
            style={{ minWidth: 240 }}
            value={siteFilter}
            onChange={(value: string | undefined) => setSiteFilter(value)}
            options={(sites.data ?? []).map((site) => ({
              value: site.id,
              label: `${site.name} (${site.code})`,
            }))}
          />
        ) : (
          <span>{t('staff.ownSite', { site: siteLabel(sites.data, me.siteId ?? '') })}</span>
        )}
      </Flex>
      <Table<StaffMember>
        rowKey="id"
        loading={staff.isPending}
        dataSource={staff.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('common:state.empty')} /> }}
        columns={[
          { title: t('staff.username'), dataIndex: 'username' },
          { title: t('staff.name'), dataIndex: 'name' },
          { title: t('staff.site'), dataIndex: 'siteId', render: (id: string) => siteLabel(sites.data, id) },
          {
            title: t('staff.roles'),
            dataIndex: 'roles',
            render: (roles: string[]) =>
              roles.map((role) => <Tag key={role}>{t(`common:roles.${role}`)}</Tag>),
          },
          {
            title: t('staff.status'),
            dataIndex: 'status',
            render: (status: string) => (
              <StatusTag tone={status === 'active' ? 'ok' : 'bad'}>{t(`staff.statuses.${status}`)}</StatusTag>
            ),
          },
          {
            title: t('actions.title'),
            key: 'actions',
            render: (_, member) =>
              mayManage(me, member) ? (
                <Button
                  size="small"
                  aria-label={t('staff.manageOne', { name: member.name })}
                  onClick={() => setManagingId(member.id)}
                >
                  {t('staff.manage')}
                </Button>
              ) : null,
          },
        ]}
      />
      {creating && (
        <StaffDialog
          member={null}
          sites={sites.data ?? []}
          onClose={() => setCreating(false)}
          onCreated={(username, password) => {
            setCreating(false);
            setCreated({ username, password });
          }}
        />
      )}
      <OnceSecretDialog
        open={created !== null}
        title={t('staff.createdTitle', { username: created?.username ?? '' })}
        label={t('staff.generatedPassword')}
        secret={created?.password ?? null}
        onClose={() => setCreated(null)}
      />
      {managing !== null && (
        <StaffDrawer member={managing} sites={sites.data ?? []} onClose={() => setManagingId(null)} />
      )}
    </Card>
  );
}

/** The sites a staff member may be placed at: active ones the signed-in person reaches. */
function placeableSites(me: Me, sites: readonly Site[], current?: string): Site[] {
  const companyWide = me.permissions.includes('sites:all');
  return sites.filter(
    (site) => site.id === current || (site.status === 'active' && (companyWide || site.id === me.siteId)),
  );
}

function StaffDialog({
  member,
  sites,
  onClose,
  onCreated,
}: {
  member: StaffMember | null;
  sites: readonly Site[];
  onClose: () => void;
  onCreated?: (username: string, password: string) => void;
}) {
  const { t } = useTranslation(['admin', 'common']);
  const { me } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<StaffValues>();
  const [problems, setProblems] = useState<string[]>([]);
  const save = useMutation({
    mutationFn: async (values: StaffValues) => {
      const phone = values.phone?.trim() ? values.phone.trim() : undefined;
      if (member === null) {
        return unwrap(
          api.POST('/api/v1/staff', {
            body: {
              username: values.username,
              name: values.name,
              siteId: values.siteId,
              roles: values.roles,
              ...(phone === undefined ? {} : { phone }),
            },
          }),
        );
      }
      const staff = await unwrap(
        api.PATCH('/api/v1/staff/{id}', {
          params: { path: { id: member.id } },
          body: {
            name: values.name,
            ...(values.siteId === member.siteId ? {} : { siteId: values.siteId }),
            ...(sameRoles(values.roles, member.roles) ? {} : { roles: values.roles }),
            ...(phone === undefined ? {} : { phone }),
          },
        }),
      );
      return { staff, generatedPassword: null };
    },
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'staff'] });
      if (member === null && result.generatedPassword !== null) {
        onCreated?.(result.staff.username, result.generatedPassword);
        return;
      }
      void message.success(t('staff.saved', { name: result.staff.name }));
      onClose();
    },
    onError: (error) =>
      setProblems(showProblem(form, error, ['username', 'name', 'siteId', 'roles', 'phone'])),
  });
  if (me === null) return null;
  const choices = placeableSites(me, sites, member?.siteId);
  const grantable = me.grantableRoles as StaffRole[];
  return (
    <Modal
      open
      title={member === null ? t('staff.create') : t('staff.editOne', { name: member.name })}
      okText={t('actions.save')}
      cancelText={t('actions.cancel')}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <ProblemAlert messages={problems} />
      <Form<StaffValues>
        name="staff"
        form={form}
        layout="vertical"
        initialValues={
          member === null
            ? { siteId: choices.length === 1 ? choices[0]!.id : undefined, roles: [] }
            : { username: member.username, name: member.name, siteId: member.siteId, roles: member.roles }
        }
        onFinish={(values) => {
          setProblems([]);
          save.mutate(values);
        }}
      >
        <Form.Item
          name="username"
          label={t('staff.username')}
          extra={member === null ? t('staff.usernameHelp') : undefined}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input disabled={member !== null} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('staff.name')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="siteId"
          label={t('staff.site')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Select
            aria-label={t('staff.site')}
            options={choices.map((site) => ({ value: site.id, label: `${site.name} (${site.code})` }))}
          />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('staff.roles')}
          rules={[{ required: true, type: 'array', min: 1, message: t('staff.rolesRequired') }]}
        >
          <RolesField
            label={t('staff.roles')}
            options={grantable.map((role) => ({ value: role, label: t(`common:roles.${role}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('staff.phone')}
          extra={
            member === null
              ? t('staff.phoneHelp')
              : t('staff.phoneKeep', { phone: member.phoneMasked ?? '—' })
          }
        >
          <Input inputMode="tel" autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * The roles as a group of checkboxes named by the label. Form.Item gives its control aria-required and
 * aria-invalid, which a group may not carry: only the description (the error next to it) is passed on.
 */
function RolesField({
  label,
  options,
  value,
  onChange,
  'aria-describedby': describedBy,
}: {
  label: string;
  options: { value: StaffRole; label: string }[];
  value?: StaffRole[];
  onChange?: (value: StaffRole[]) => void;
  'aria-describedby'?: string;
}) {
  return (
    <div role="group" aria-label={label} aria-describedby={describedBy}>
      <Checkbox.Group<StaffRole> value={value} onChange={(next) => onChange?.(next)} options={options} />
    </div>
  );
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}

function StaffDrawer({
  member,
  sites,
  onClose,
}: {
  member: StaffMember;
  sites: readonly Site[];
  onClose: () => void;
}) {
  const { t } = useTranslation(['admin', 'common']);
  const { modal, message } = App.useApp();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [resetting, setResetting] = useState(false);
  const [newPassword, setNewPassword] = useState<string | null>(null);
  const suspended = member.status === 'suspended';
  const setStatus = useMutation({
    mutationFn: (status: 'active' | 'suspended') =>
      unwrap(api.PATCH('/api/v1/staff/{id}', { params: { path: { id: member.id } }, body: { status } })),
    onSuccess: (staff) => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'staff'] });
      void message.success(
        t(staff.status === 'suspended' ? 'staff.suspendedDone' : 'staff.reactivatedDone', {
          name: staff.name,
        }),
      );
    },
    onError: (error) => void message.error(error.message),
  });
  const confirmStatus = () => {
    modal.confirm({
      title: t(suspended ? 'staff.reactivateConfirm' : 'staff.suspendConfirm', { name: member.name }),
      content: suspended ? undefined : t('staff.suspendExplain'),
      okText: t(suspended ? 'staff.reactivate' : 'staff.suspend'),
      cancelText: t('actions.cancel'),
      onOk: () => setStatus.mutateAsync(suspended ? 'active' : 'suspended'),
    });
  };

  return (
    <Drawer
      open
      size="large"
      title={t('staff.manageOne', { name: member.name })}
      onClose={onClose}
      closable={{ 'aria-label': t('actions.close') }}
    >
      <Flex vertical gap={16}>
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label={t('staff.username')}>{member.username}</Descriptions.Item>
          <Descriptions.Item label={t('staff.name')}>{member.name}</Descriptions.Item>
          <Descriptions.Item label={t('staff.site')}>{siteLabel(sites, member.siteId)}</Descriptions.Item>
          <Descriptions.Item label={t('staff.phone')}>{member.phoneMasked ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('staff.roles')}>
            {member.roles.map((role) => (
              <Tag key={role}>{t(`common:roles.${role}`)}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('staff.status')}>
            <StatusTag tone={suspended ? 'bad' : 'ok'}>{t(`staff.statuses.${member.status}`)}</StatusTag>
          </Descriptions.Item>
        </Descriptions>
        <Flex gap={8} wrap>
          <Button onClick={() => setEditing(true)}>{t('staff.edit')}</Button>
          <Button onClick={() => setResetting(true)}>{t('staff.resetPassword')}</Button>
          <Button danger={!suspended} onClick={confirmStatus} loading={setStatus.isPending}>
            {t(suspended ? 'staff.reactivate' : 'staff.suspend')}
          </Button>
        </Flex>
        <CertificationsCard member={member} />
        {member.roles.includes('legal-liaison') &&
          me?.permissions.includes('requests:designate') === true && <ApproverCard member={member} />}
      </Flex>
      {editing && <StaffDialog member={member} sites={sites} onClose={() => setEditing(false)} />}
      {resetting && (
        <PasswordDialog
          member={member}
          onClose={() => setResetting(false)}
          onGenerated={(password) => {
            setResetting(false);
            setNewPassword(password);
          }}
        />
      )}
      <OnceSecretDialog
        open={newPassword !== null}
        title={t('staff.passwordResetTitle', { username: member.username })}
        label={t('staff.newPassword')}
        secret={newPassword}
        onClose={() => setNewPassword(null)}
      />
    </Drawer>
  );
}

interface PasswordValues {
  how: 'generate' | 'type';
  password?: string;
}

function PasswordDialog({
  member,
  onClose,
  onGenerated,
}: {
  member: StaffMember;
  onClose: () => void;
  onGenerated: (password: string) => void;
}) {
  const { t } = useTranslation(['admin', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const how = Form.useWatch('how', form) ?? 'generate';
  const [problems, setProblems] = useState<string[]>([]);
  const save = useMutation({
    mutationFn: async (values: PasswordValues) => {
      const password = values.how === 'generate' ? generatePassword() : (values.password ?? '');
      await unwrap(
        api.PUT('/api/v1/staff/{id}/password', { params: { path: { id: member.id } }, body: { password } }),
      );
      return { password, generated: values.how === 'generate' };
    },
    onSuccess: ({ password, generated }) => {
      if (generated) onGenerated(password);
      else {
        void message.success(t('staff.passwordSet', { name: member.name }));
        onClose();
      }
    },
    onError: (error) => setProblems(showProblem(form, error, ['password'])),
  });
  return (
    <Modal
      open
      title={t('staff.resetPasswordOf', { name: member.name })}
      okText={t('staff.resetPassword')}
      cancelText={t('actions.cancel')}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <ProblemAlert messages={problems} />
      <p>{t('staff.resetExplain')}</p>
      <Form<PasswordValues>
        name="password"
        form={form}
        layout="vertical"
        initialValues={{ how: 'generate' }}
        onFinish={(values) => {
          setProblems([]);
          save.mutate(values);
        }}
      >
        <Form.Item name="how" label={t('staff.passwordHow')}>
          <Radio.Group
            aria-label={t('staff.passwordHow')}
            options={[
              { value: 'generate', label: t('staff.passwordGenerate') },
              { value: 'type', label: t('staff.passwordType') },
            ]}
          />
        </Form.Item>
        {how === 'type' && (
          <Form.Item
            name="password"
            label={t('staff.newPassword')}
            extra={t('staff.passwordHelp')}
            rules={[
              { required: true, message: t('validation.required') },
              { min: 12, message: t('staff.passwordTooShort') },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
