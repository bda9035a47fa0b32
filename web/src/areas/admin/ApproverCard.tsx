// An admin designates (and removes) the approvers of lawful requests among legal liaison, without seeing any
// request: the card reads whether this member is designated, nothing more.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { StatusTag } from '../../app/StatusTag';
import { CardTitle, type StaffMember } from './shared';

export function ApproverCard({ member }: { member: StaffMember }) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const queryKey = ['admin', 'request-approver', member.id];
  const current = useQuery({
    queryKey,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/lawful-requests/approvers/{staffId}', { params: { path: { staffId: member.id } } }),
      ),
  });
  const designated = current.data?.designated ?? null;
  const designate = useMutation({
    mutationFn: (on: boolean) => {
      const params = { path: { staffId: member.id } };
      return unwrap(
        on
          ? api.PUT('/api/v1/lawful-requests/approvers/{staffId}', { params })
          : api.DELETE('/api/v1/lawful-requests/approvers/{staffId}', { params }),
      );
    },
    onSuccess: (result) => {
      queryClient.setQueryData(queryKey, result);
      void message.success(
        t(result.designated ? 'requestApprover.designatedDone' : 'requestApprover.removedDone', {
          name: member.name,
        }),
      );
    },
    onError: (error) => void message.error(error.message),
  });
  return (
    <Card size="small" title={<CardTitle>{t('requestApprover.title')}</CardTitle>}>
      <Typography.Paragraph type="secondary">{t('requestApprover.explain')}</Typography.Paragraph>
      <Flex gap={8} wrap align="center">
        <Button loading={designate.isPending} onClick={() => designate.mutate(true)}>
          {t('requestApprover.designate')}
        </Button>
        <Button loading={designate.isPending} onClick={() => designate.mutate(false)}>
          {t('requestApprover.remove')}
        </Button>
        {designated !== null && (
          <StatusTag tone={designated ? 'ok' : 'neutral'}>
            {t(designated ? 'requestApprover.isDesignated' : 'requestApprover.isNotDesignated')}
          </StatusTag>
        )}
      </Flex>
    </Card>
  );
}
