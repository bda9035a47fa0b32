// One dialog for the steps that need a reason in writing (return, refuse, approve, close): at least 5 characters,
// as the server asks; its refusal (a second person must approve, the wrong status) shown in the dialog.
import { useMutation } from '@tanstack/react-query';
import { Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert, showProblem } from '../admin/shared';
import type { LawfulRequest } from './types';

export function ReasonDialog({
  open,
  title,
  okText,
  danger,
  explain,
  send,
  onDone,
  onClose,
}: {
  open: boolean;
  title: string;
  okText: string;
  danger?: boolean;
  explain?: string;
  send: (reason: string) => Promise<LawfulRequest>;
  onDone: (request: LawfulRequest) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('requests');
  const [form] = Form.useForm<{ reason: string }>();
  const [problems, setProblems] = useState<string[]>([]);
  const mutation = useMutation({
    mutationFn: (reason: string) => send(reason),
    onSuccess: (request) => {
      form.resetFields();
      onDone(request);
    },
    onError: (error) => setProblems(showProblem(form, error, ['reason'])),
  });
  const close = () => {
    setProblems([]);
    onClose();
  };
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ danger: danger === true }}
      cancelText={t('cancel')}
      onOk={() => form.submit()}
      confirmLoading={mutation.isPending}
      onCancel={close}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <ProblemAlert messages={problems} />
      {explain !== undefined && <p>{explain}</p>}
      <Form
        name="reason"
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(values: { reason: string }) => {
          setProblems([]);
          mutation.mutate(values.reason.trim());
        }}
      >
        <Form.Item
          name="reason"
          label={t('reason')}
          rules={[
            { required: true, message: t('reasonRequired') },
            { min: 5, message: t('reasonRequired') },
          ]}
        >
          <Input.TextArea rows={3} autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
