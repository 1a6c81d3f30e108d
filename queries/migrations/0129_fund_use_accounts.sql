-- Using a fund the AG decided on posts the fund's account against the chart's account for that use, by role:
-- BE 680 "Utilisation du fonds de réserve"; FR 705 "Affectation du fonds de travaux" (arrêté du 14 mars 2005
-- art. 10 as amended in 2016: the account 105 is debited by the credit of 705). The 2005 chart as loaded lacked 705.
UPDATE chart_accounts SET role = 'fund_use' WHERE jurisdiction = 'BE' AND version = 1 AND code = '680';
INSERT INTO chart_accounts (jurisdiction, version, code, class, role, label_fr, label_nl, label_en)
VALUES ('FR', 1, '705', 7, 'fund_use', 'Affectation du fonds de travaux', 'Aanwending van het fonds voor werken',
        'Use of the works fund')
ON CONFLICT (jurisdiction, version, code) DO UPDATE SET role = excluded.role;
