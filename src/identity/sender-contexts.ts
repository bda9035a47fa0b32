// Vault contexts of a sender's personal fields: bound into each ciphertext, so a value copied into another column
// does not decrypt. Their own module: the intake worker seals a sender's fields ahead (intake-preparation.ts)
// without loading the senders service.
export const SENDER_NUMBER_CONTEXT = 'sender.number';
export const SENDER_NAME_CONTEXT = 'sender.name';
export const SENDER_PHONE_CONTEXT = 'sender.phone';
