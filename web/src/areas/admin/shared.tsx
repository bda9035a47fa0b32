// What the admin tabs share: the types the API answers with, the sites list, putting a problem's field errors
// next to the fields, and the dialog that shows a secret once (a generated password, an API key).
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Modal, Typography, type FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ApiError, fieldErrors } from '../../api/problem';
import type { paths } from '../../api/schema';

type Json<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { 'application/json': infer T } } }
    ? T
    : R extends { 201: { content: { 'application/json': infer T } } }
      ? T
      : never
  : never;

export type Site = Json<'/api/v1/sites/{id}', 'get'>;
export type StaffMember = Json<'/api/v1/staff/{id}', 'get'>;
export type Certification = Json<'/api/v1/staff/{id}/certifications', 'get'>[number];
export type ApiKey = Json<'/api/v1/api-keys', 'get'>[number];

export const SITE_KINDS = ['outlet', 'hub'] as const;
export const MACHINE_ROLES = ['xray-station', 'dispatch-station', 'order-system'] as const;
export const CERTIFICATION_KINDS = [
  'prohibited-items-identification',
  'xray-operation',
  'national-security-awareness',
  'safety-training',
  'law-and-ethics',
] as const;

/** Every site (sites are public knowledge to staff: everyone with sites:read lists them). */
export function useSites() {
  return useQuery({ queryKey: ['admin', 'sites'], queryFn: () => unwrap(api.GET('/api/v1/sites')) });
}

/** "Name (CODE)" for a site id, or the id itself while the list loads. */
export function siteLabel(sites: readonly Site[] | undefined, id: string): string {
  const site = sites?.find((candidate) => candidate.id === id);
  return site === undefined ? id : `${site.name} (${site.code})`;
}

/**
 * Puts the API's field errors next to the form's fields (`names`: the fields the form has); returns what names no
 * field of this form, to show in an Alert above it. An error on an item of a list (roles/1) goes to the list.
 */
export function showProblem(form: FormInstance, error: unknown, names: readonly string[]): string[] {
  if (!(error instanceof ApiError)) return [error instanceof Error ? error.message : String(error)];
  const { fields, unplaced } = fieldErrors(error.problem);
  const placed = new Map<string, string[]>();
  const left = [...unplaced];
  for (const field of fields) {
    const name = String(field.name[0]);
    if (names.includes(name)) placed.set(name, [...(placed.get(name) ?? []), ...field.errors]);
    else left.push(`${field.name.join('/')}: ${field.errors.join('; ')}`);
  }
  form.setFields([...placed].map(([name, errors]) => ({ name, errors })));
  if (placed.size === 0) return [error.message, ...left];
  return left;
}

/** The form-level problems a dialog shows above its fields. */
export function ProblemAlert({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={messages[0]}
      description={messages.length > 1 ? messages.slice(1).join('\n') : undefined}
    />
  );
}

/** A dialog showing a secret exactly once, with a copy button; closing it forgets the secret. */
export function OnceSecretDialog({
  open,
  title,
  label,
  secret,
  onClose,
}: {
  open: boolean;
  title: string;
  label: string;
  secret: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const { message } = App.useApp();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    if (secret === null) return;
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      void message.success(t('secret.copied'));
    } catch {
      void message.error(t('secret.copyFailed'));
    }
  };
  const close = () => {
    setCopied(false);
    onClose();
  };
  return (
    <Modal
      open={open && secret !== null}
      title={title}
      onCancel={close}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={close}>
          {t('secret.done')}
        </Button>
      }
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('secret.once')} />
      <Flex vertical gap={8}>
        <Typography.Text strong>{label}</Typography.Text>
        <Flex gap={8} wrap align="center">
          <Typography.Text code style={{ wordBreak: 'break-all' }}>
            {secret}
          </Typography.Text>
          <Button onClick={() => void copy()}>{copied ? t('secret.copiedShort') : t('secret.copy')}</Button>
        </Flex>
      </Flex>
    </Modal>
  );
}

/** A password the policy accepts (16 letters and digits, no look-alikes), made in the browser. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const chars = [...bytes].map((byte) => alphabet[byte % alphabet.length]);
  return [0, 4, 8, 12].map((start) => chars.slice(start, start + 4).join('')).join('-');
}

/** A card's title as a level-2 heading, under the page's h1 (each table sits in a headed card). */
export function CardTitle({ children }: { children: string }) {
  return (
    <Typography.Title level={2} style={{ margin: 0, fontSize: 16 }}>
      {children}
    </Typography.Title>
  );
}
