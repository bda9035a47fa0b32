// What a holder of cases:manage does to a case from its drawer: move its status (only the moves the rules allow;
// closing needs an outcome, a reason always), and assign it to a security officer, chosen by name.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import { problemText } from './download';
import type { useStaffNames } from './staff';
import { CASE_MOVES, CASE_OUTCOMES, type CaseDetail, type CaseOutcome, type CaseStatus } from './types';

interface StatusForm {
  status: CaseStatus;
  outcome?: CaseOutcome;
  reason: string;
}

export function CaseActions({
  found,
  staff,
}: {
  found: CaseDetail;
  staff: ReturnType<typeof useStaffNames>;
}) {
  const { t } = useTranslation('cases');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [statusForm] = Form.useForm<StatusForm>();
  const [assignForm] = Form.useForm<{ officerId: string }>();
  const chosenStatus = Form.useWatch('status', statusForm);
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['case', found.id] });
    await queryClient.invalidateQueries({ queryKey: ['cases'] });
  };

  const move = useMutation({
    mutationFn: (values: StatusForm) =>
      unwrap(
        api.POST('/api/v1/cases/{id}/status', {
          params: { path: { id: found.id } },
          body: {
            status: values.status,
            reason: values.reason.trim(),
            ...(values.outcome === undefined ? {} : { outcome: values.outcome }),
          },
        }),
      ),
    // Refused because the case moved meanwhile (409): show where it is now, beside the server's reason.
    onError: async (error) => {
      if (error instanceof ApiError && error.status === 409) await refresh();
    },
    onSuccess: async (moved) => {
      statusForm.resetFields();
      void message.success(t('manage.moved', { status: t(`statuses.${moved.status}`) }));
      await refresh();
    },
  });
  const assign = useMutation({
    mutationFn: (officerId: string) =>
      unwrap(
        api.POST('/api/v1/cases/{id}/assign', { params: { path: { id: found.id } }, body: { officerId } }),
      ),
    onSuccess: async (assigned) => {
      assignForm.resetFields();
      void message.success(t('manage.assigned', { name: staff.nameOf(assigned.assigneeId) ?? '' }));
      await refresh();
    },
  });

  const moves = CASE_MOVES[found.status];
  return (
    <Card size="small" title={t('manage.title')} style={{ marginTop: 16 }}>
      <Form<StatusForm>
        form={statusForm}
        layout="vertical"
        onFinish={(values) => move.mutate(values)}
        aria-label={t('manage.statusForm')}
      >
        <Form.Item
          name="status"
          label={t('manage.newStatus')}
          htmlFor="case-new-status"
          rules={[{ required: true, message: t('manage.statusRequired') }]}
        >
          <Select
            id="case-new-status"
            options={moves.map((value) => ({ value, label: t(`statuses.${value}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="outcome"
          label={t('outcome')}
          htmlFor="case-outcome"
          extra={t('manage.outcomeHelp')}
          rules={[{ required: chosenStatus === 'closed', message: t('manage.outcomeRequired') }]}
        >
          <Select
            id="case-outcome"
            allowClear
            options={CASE_OUTCOMES.map((value) => ({ value, label: t(`outcomes.${value}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('manage.reason')}
          rules={[
            { required: true, whitespace: true, message: t('manage.reasonRequired') },
            // The server's rule (cases.service.ts changeStatus): at least 3 characters once trimmed.
            {
              validator: async (_, value?: string) => {
                if ((value ?? '').trim().length < 3) throw new Error(t('manage.reasonRequired'));
              },
            },
            { max: 500, message: t('manage.reasonTooLong') },
          ]}
        >
          <Input maxLength={500} />
        </Form.Item>
        {move.isError && (
          <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problemText(move.error)} />
        )}
        <Button type="primary" htmlType="submit" loading={move.isPending}>
          {t('manage.changeStatus')}
        </Button>
      </Form>

      <Form<{ officerId: string }>
        form={assignForm}
        layout="vertical"
        style={{ marginTop: 24 }}
        onFinish={(values) => assign.mutate(values.officerId.trim())}
        aria-label={t('manage.assignForm')}
      >
        <Form.Item
          name="officerId"
          label={t('manage.assignTo')}
          htmlFor="case-assign-to"
          rules={[{ required: true, whitespace: true, message: t('manage.officerRequired') }]}
          extra={staff.available ? undefined : t('manage.officerIdHelp')}
        >
          {staff.available ? (
            <Select
              id="case-assign-to"
              showSearch={{ optionFilterProp: 'label' }}
              loading={staff.loading}
              options={staff.officers.map((officer) => ({
                value: officer.id,
                label: `${officer.name} (${officer.username})`,
              }))}
            />
          ) : (
            <Input id="case-assign-to" maxLength={64} />
          )}
        </Form.Item>
        {assign.isError && (
          <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problemText(assign.error)} />
        )}
        <Button htmlType="submit" loading={assign.isPending}>
          {t('manage.assign')}
        </Button>
      </Form>
    </Card>
  );
}
