import { Form, theme } from 'antd';
import { useImperativeHandle, useRef, type Ref } from 'react';

export interface JsonTextAreaHandle {
  value(): string;
  setValue(text: string): void;
}

/**
 * A large JSON document in a plain, uncontrolled text area (a whole catalogue is some 200 kB: re-rendering it on
 * every keystroke makes typing crawl). Its errors (each naming a JSON path) are listed under it and announced.
 */
export function JsonTextArea({
  ref,
  id,
  label,
  errors,
  rows,
  disabled,
}: {
  ref: Ref<JsonTextAreaHandle>;
  id: string;
  label: string;
  errors: string[];
  rows: number;
  disabled?: boolean;
}) {
  const { token } = theme.useToken();
  const area = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => ({
    value: () => area.current?.value ?? '',
    setValue: (text) => {
      if (area.current !== null) area.current.value = text;
    },
  }));
  const invalid = errors.length > 0;
  const helpId = `${id}-errors`;
  return (
    <Form.Item
      label={label}
      htmlFor={id}
      validateStatus={invalid ? 'error' : undefined}
      help={
        invalid ? (
          <div id={helpId}>
            {errors.map((error) => (
              <div key={error}>{error}</div>
            ))}
          </div>
        ) : undefined
      }
    >
      <textarea
        ref={area}
        id={id}
        rows={rows}
        spellCheck={false}
        autoComplete="off"
        disabled={disabled}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? helpId : undefined}
        style={{
          display: 'block',
          width: '100%',
          boxSizing: 'border-box',
          padding: '4px 11px',
          fontFamily: 'monospace',
          fontSize: 13,
          lineHeight: 1.5,
          color: token.colorText,
          background: disabled === true ? token.colorBgContainerDisabled : token.colorBgContainer,
          border: `1px solid ${invalid ? token.colorError : token.colorBorder}`,
          borderRadius: token.borderRadius,
          resize: 'vertical',
        }}
      />
    </Form.Item>
  );
}
