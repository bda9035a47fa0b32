import { useQuery } from '@tanstack/react-query';
import { Select, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { useDebounced } from '../useDebounced';

/** The agreement customer picked, and the account shipping under it when there is one. */
export interface AgreementChoice {
  agreementId: string;
  accountId?: string;
  label: string;
}

const keyOf = (choice: { agreementId: string; accountId?: string }) =>
  choice.accountId === undefined ? choice.agreementId : `${choice.agreementId}/${choice.accountId}`;

/**
 * An agreement customer picked by name: the API lists only customers whose agreement covers a parcel at this
 * counter today (names and account codes, nothing of the agreement's terms).
 */
export function AgreementPicker({
  siteId,
  id,
  value,
  onChange,
}: {
  siteId: string;
  id?: string;
  value?: AgreementChoice;
  onChange?: (value: AgreementChoice | undefined) => void;
}) {
  const { t } = useTranslation('counter');
  const [search, setSearch] = useState('');
  const name = useDebounced(search.trim(), 300);
  const customers = useQuery({
    queryKey: ['counter', 'agreement-customers', siteId, name],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/agreements/customers', {
          params: { query: { siteId, ...(name === '' ? {} : { name }), limit: 20 } },
        }),
      ),
    staleTime: 30_000,
  });
  const choices: AgreementChoice[] = (customers.data ?? []).flatMap((customer) => [
    { agreementId: customer.agreementId, label: customer.organisationName },
    ...customer.accounts.map((account) => ({
      agreementId: customer.agreementId,
      accountId: account.id,
      label: t('agreement.accountOption', {
        organisation: customer.organisationName,
        code: account.code,
        name: account.name,
      }),
    })),
  ]);
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={value === undefined ? undefined : keyOf(value)}
      placeholder={t('agreement.placeholder')}
      notFoundContent={customers.isFetching ? <Spin size="small" /> : t('agreement.none')}
      options={choices.map((choice) => ({ value: keyOf(choice), label: choice.label }))}
      onChange={(key: string | undefined) => {
        const choice = choices.find((candidate) => keyOf(candidate) === key);
        onChange?.(choice);
      }}
    />
  );
}
