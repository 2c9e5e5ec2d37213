export interface AlertRule {
  id: string;
  threshold: number;
  severity: 'low' | 'high';
}

export interface RaisedAlert {
  rule: string;
  value: number;
}
