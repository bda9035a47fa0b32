// The counter's request and answer shapes, from the API's generated types.
import type { paths } from '../../api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type GateBody = Json<paths['/api/v1/identity/gate']['post']['requestBody']>;
export type GateDecision = Json<paths['/api/v1/identity/gate']['post']['responses'][200]>;
export type IntakeBody = Json<paths['/api/v1/parcels']['post']['requestBody']>;
export type IntakeResult = Json<paths['/api/v1/parcels']['post']['responses'][201]>;
export type InspectionBody = Json<paths['/api/v1/parcels/{waybillNo}/inspection']['post']['requestBody']>;
export type InspectionResult = Json<
  paths['/api/v1/parcels/{waybillNo}/inspection']['post']['responses'][200]
>;
export type ScreeningAnswer = Json<paths['/api/v1/screening']['post']['responses'][200]>;
export type ScreeningResult = Exclude<ScreeningAnswer, { results: unknown }>;
export type Verdict = ScreeningResult['verdict'];
export type InspectionOutcome = InspectionBody['outcome'];

/** The sender as the identity step found them: what the intake sends again as its `sender`. */
export type SenderPresentation = IntakeBody['sender'];

/** The mark to print: what the print view needs (nothing personal). */
export interface PrintableMark {
  waybillNo: string;
  mark: string;
}
