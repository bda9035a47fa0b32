import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Typography,
  type FormInstance,
} from 'antd';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { ApiError, fieldErrors } from '../../../api/problem';
import type { IntakeBody, IntakeResult, SenderPresentation } from '../types';
import { ItemScreening } from './ItemScreening';
import { StepHeading } from './StepHeading';

interface ItemValues {
  description?: string;
  quantity?: number | null;
}

interface ParcelValues {
  waybillNo: string;
  recipient: { name: string; phone: string; address: string };
  origin: { address: string };
  destination: { country: string; address: string };
  weightGrams: number;
  items: ItemValues[];
}

const WAYBILL = /^[A-Z0-9][A-Z0-9-]{5,39}$/;
const COUNTRY = /^[A-Z]{2}$/;

type Route = 'domestic' | 'outbound';
const routeTo = (country: string | undefined): Route =>
  (country ?? 'CN').trim().toUpperCase() === 'CN' ? 'domestic' : 'outbound';

/** One item line: its description, quantity and live screening. */
function ItemLine({
  form,
  index,
  name,
  route,
  onRemove,
  removable,
}: {
  form: FormInstance<ParcelValues>;
  index: number;
  name: number;
  route: Route;
  onRemove: () => void;
  removable: boolean;
}) {
  const { t } = useTranslation('counter');
  const description = Form.useWatch<string | undefined>(['items', name, 'description'], form) ?? '';
  const line = index + 1;
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Row gutter={12} align="bottom">
        <Col xs={24} md={14}>
          <Form.Item
            label={t('items.description', { line })}
            name={[name, 'description']}
            rules={[{ required: true, whitespace: true, message: t('items.descriptionRequired') }]}
            style={{ marginBottom: 8 }}
          >
            <Input autoComplete="off" maxLength={500} />
          </Form.Item>
        </Col>
        <Col xs={16} md={6}>
          <Form.Item
            label={t('items.quantity', { line })}
            name={[name, 'quantity']}
            style={{ marginBottom: 8 }}
          >
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={8} md={4}>
          <Form.Item style={{ marginBottom: 8 }}>
            <Button onClick={onRemove} disabled={!removable} block>
              {t('items.remove', { line })}
            </Button>
          </Form.Item>
        </Col>
      </Row>
      <ItemScreening description={description} route={route} label={t('items.screeningLabel', { line })} />
    </Card>
  );
}

/**
 * Step 3: the parcel. The waybill number (a scanner types it and presses Enter: the focus moves on, nothing is
 * submitted), the recipient, where it goes, its weight, and its items, each screened live as it is typed.
 * Enter in a field never submits the form: only the button does.
 */
export function ParcelStep({
  siteId,
  regionCode,
  sender,
  onDecided,
}: {
  siteId: string;
  regionCode: string | undefined;
  sender: SenderPresentation;
  onDecided: (result: IntakeResult) => void;
}) {
  const { t } = useTranslation('counter');
  const [form] = Form.useForm<ParcelValues>();
  const [unplaced, setUnplaced] = useState<string[]>([]);
  const country = Form.useWatch(['destination', 'country'], form) as string | undefined;
  const route = routeTo(country);

  const intake = useMutation({
    mutationFn: (body: IntakeBody) => unwrap(api.POST('/api/v1/parcels', { body })),
  });

  async function submit(values: ParcelValues) {
    setUnplaced([]);
    const body: IntakeBody = {
      waybillNo: values.waybillNo.trim().toUpperCase(),
      siteId,
      route,
      origin: {
        country: 'CN',
        ...(regionCode === undefined ? {} : { regionCode }),
        address: values.origin.address.trim(),
      },
      destination: {
        country: values.destination.country.trim().toUpperCase(),
        address: values.destination.address.trim(),
      },
      sender,
      recipient: {
        name: values.recipient.name.trim(),
        phone: values.recipient.phone.trim(),
        address: values.recipient.address.trim(),
      },
      items: values.items.map((item) => ({
        description: (item.description ?? '').trim(),
        ...(item.quantity === undefined || item.quantity === null ? {} : { quantity: item.quantity }),
      })),
      weightGrams: values.weightGrams,
      noticeAcknowledged: true,
    };
    try {
      onDecided(await intake.mutateAsync(body));
    } catch (caught) {
      if (caught instanceof ApiError) {
        const { fields, unplaced: rest } = fieldErrors(caught.problem);
        form.setFields(fields.map((field) => ({ name: field.name as never, errors: field.errors })));
        setUnplaced(fields.length === 0 && rest.length === 0 ? [caught.message] : rest);
      } else {
        setUnplaced([t('errors.network', { ns: 'common' })]);
      }
    }
  }

  /**
   * Enter in a field moves on to the next field (a scanner ends the waybill number with it); it never submits
   * half a form. Only the button takes the parcel in.
   */
  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    const target = event.target as HTMLElement;
    if (event.key !== 'Enter' || target.tagName !== 'INPUT') return;
    event.preventDefault();
    if (target.id === 'parcel_waybillNo') void form.validateFields(['waybillNo']).catch(() => undefined);
    const fields = [
      ...event.currentTarget.querySelectorAll<HTMLElement>('input:not([type="hidden"]):not([disabled])'),
    ];
    fields[fields.indexOf(target) + 1]?.focus();
  }

  return (
    <Card>
      <StepHeading autoFocus={false}>{t('parcel.title')}</StepHeading>
      <Form<ParcelValues>
        form={form}
        name="parcel"
        layout="vertical"
        onKeyDown={onKeyDown}
        initialValues={{ destination: { country: 'CN' }, items: [{ description: '' }] }}
        onFinish={(values) => void submit(values)}
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('parcel.waybillNo')}
              name="waybillNo"
              extra={t('parcel.waybillHint')}
              normalize={(value: string | undefined) => value?.toUpperCase()}
              rules={[
                { required: true, message: t('parcel.waybillRequired') },
                { pattern: WAYBILL, message: t('parcel.waybillInvalid') },
              ]}
            >
              <Input autoComplete="off" spellCheck={false} autoFocus maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('parcel.weight')}
              name="weightGrams"
              rules={[{ required: true, message: t('parcel.weightRequired') }]}
            >
              <InputNumber min={1} max={1_000_000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={3} style={{ fontSize: 16 }}>
          {t('parcel.recipientTitle')}
        </Typography.Title>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              label={t('parcel.recipientName')}
              name={['recipient', 'name']}
              rules={[{ required: true, whitespace: true, message: t('parcel.required') }]}
            >
              <Input autoComplete="off" maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              label={t('parcel.recipientPhone')}
              name={['recipient', 'phone']}
              rules={[{ required: true, whitespace: true, message: t('parcel.required') }]}
            >
              <Input autoComplete="off" inputMode="tel" maxLength={20} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              label={t('parcel.destinationCountry')}
              name={['destination', 'country']}
              extra={t('parcel.countryHint')}
              normalize={(value: string | undefined) => value?.toUpperCase()}
              rules={[{ required: true, pattern: COUNTRY, message: t('parcel.countryInvalid') }]}
            >
              <Input autoComplete="off" maxLength={2} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('parcel.recipientAddress')}
              name={['recipient', 'address']}
              rules={[{ required: true, whitespace: true, message: t('parcel.required') }]}
            >
              <Input autoComplete="off" maxLength={300} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('parcel.destinationAddress')}
              name={['destination', 'address']}
              extra={t('parcel.destinationHint')}
              rules={[{ required: true, whitespace: true, message: t('parcel.required') }]}
            >
              <Input autoComplete="off" maxLength={300} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              label={t('parcel.originAddress')}
              name={['origin', 'address']}
              rules={[{ required: true, whitespace: true, message: t('parcel.required') }]}
            >
              <Input autoComplete="off" maxLength={300} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={3} style={{ fontSize: 16 }}>
          {t('items.title')}
        </Typography.Title>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <ItemLine
                  key={field.key}
                  form={form}
                  index={index}
                  name={field.name}
                  route={route}
                  removable={fields.length > 1}
                  onRemove={() => remove(field.name)}
                />
              ))}
              <Button onClick={() => add({ description: '' })} disabled={fields.length >= 100}>
                {t('items.add')}
              </Button>
            </>
          )}
        </Form.List>
        {unplaced.length === 0 ? null : (
          <Alert type="error" showIcon role="alert" style={{ marginTop: 16 }} title={unplaced.join(' ')} />
        )}
        <Flex justify="flex-end" style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={intake.isPending}>
            {t('parcel.submit')}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}
