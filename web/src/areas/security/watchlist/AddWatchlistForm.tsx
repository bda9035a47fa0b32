import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, Radio, Row, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { ApiError, fieldErrors } from '../../../api/problem';
import { chinaToday } from '../../../app/format';
import { DOCUMENT_TYPES, type DocumentType } from './types';

interface Values {
  kind: 'document' | 'phone';
  documentType: DocumentType;
  number?: string;
  nationality?: string;
  phone?: string;
  reason?: string;
  expiresOn?: string;
}

/** Watch a document (any type, valid or not: false documents are worth watching) or a phone, with a reason. */
export function AddWatchlistForm() {
  const { t } = useTranslation('security');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? 'document';
  const documentType = Form.useWatch('documentType', form);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const visible =
    kind === 'phone'
      ? ['phone', 'reason', 'expiresOn']
      : [
          'documentType',
          'number',
          ...(documentType === 'passport' ? ['nationality'] : []),
          'reason',
          'expiresOn',
        ];

  const add = useMutation({
    mutationFn: (values: Values) => {
      const terms = {
        reason: values.reason ?? '',
        ...(values.expiresOn ? { expiresOn: values.expiresOn } : {}),
      };
      const body =
        values.kind === 'phone'
          ? { kind: 'phone' as const, phone: values.phone ?? '', ...terms }
          : {
              kind: 'document' as const,
              documentType: values.documentType,
              number: values.number ?? '',
              ...(values.documentType === 'passport' && values.nationality
                ? { nationality: values.nationality.toUpperCase() }
                : {}),
              ...terms,
            };
      return unwrap(api.POST('/api/v1/identity/watchlist', { body }));
    },
    onMutate: () => setUnplaced([]),
    onSuccess: async (entry) => {
      void message.success(t('watchlist.added', { value: entry.valueMasked }));
      form.resetFields(['number', 'nationality', 'phone', 'reason', 'expiresOn']);
      await queryClient.invalidateQueries({ queryKey: ['watchlist'] });
    },
    onError: (error: Error) => {
      if (!(error instanceof ApiError)) {
        setUnplaced([error.message]);
        return;
      }
      const { fields, unplaced: rest } = fieldErrors(error.problem);
      // An error on a field this form does not show (nationality of a non-passport) goes in the form's message.
      const shown = fields.filter((field) => visible.includes(String(field.name[0])));
      const hidden = fields
        .filter((field) => !shown.includes(field))
        .map((field) => `${field.name.join('.')}: ${field.errors.join(', ')}`);
      form.setFields(shown.map((field) => ({ name: field.name as never, errors: field.errors })));
      const others = [...hidden, ...rest];
      setUnplaced(shown.length === 0 && others.length === 0 ? [error.message] : others);
    },
  });

  return (
    <Card title={t('watchlist.addTitle')}>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'document', documentType: 'resident-id' }}
        onFinish={(values) => add.mutate(values)}
      >
        <Form.Item name="kind" label={t('watchlist.kind')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'document', label: t('watchlist.kinds.document') },
              { value: 'phone', label: t('watchlist.kinds.phone') },
            ]}
          />
        </Form.Item>
        <Row gutter={16}>
          {kind === 'document' ? (
            <>
              <Col xs={24} md={8}>
                <Form.Item name="documentType" label={t('watchlist.documentType')}>
                  <Select
                    options={DOCUMENT_TYPES.map((type) => ({
                      value: type,
                      label: t(`watchlist.documentTypes.${type}`),
                    }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={documentType === 'passport' ? 10 : 16}>
                <Form.Item
                  name="number"
                  label={t('watchlist.number')}
                  rules={[{ required: true, message: t('watchlist.numberRequired') }]}
                >
                  <Input autoComplete="off" spellCheck={false} />
                </Form.Item>
              </Col>
              {documentType === 'passport' && (
                <Col xs={24} md={6}>
                  <Form.Item
                    name="nationality"
                    label={t('watchlist.nationality')}
                    extra={t('watchlist.nationalityHelp')}
                  >
                    <Input autoComplete="off" maxLength={3} />
                  </Form.Item>
                </Col>
              )}
            </>
          ) : (
            <Col xs={24} md={12}>
              <Form.Item
                name="phone"
                label={t('watchlist.phone')}
                rules={[{ required: true, message: t('watchlist.phoneRequired') }]}
              >
                <Input autoComplete="off" inputMode="tel" />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item
              name="reason"
              label={t('watchlist.reason')}
              extra={t('watchlist.reasonHelp')}
              rules={[{ required: true, message: t('watchlist.reasonRequired') }]}
            >
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="expiresOn" label={t('watchlist.expiresOn')} extra={t('watchlist.expiresOnHelp')}>
              <Input type="date" min={chinaToday()} />
            </Form.Item>
          </Col>
        </Row>
        {unplaced.length > 0 && (
          <Alert type="error" showIcon title={unplaced.join('; ')} style={{ marginBottom: 16 }} />
        )}
        <Button type="primary" htmlType="submit" loading={add.isPending}>
          {t('watchlist.add')}
        </Button>
      </Form>
    </Card>
  );
}
