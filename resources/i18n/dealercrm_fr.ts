<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en_GB">
<context>
    <name>App</name>
    <message>
        <location filename="../../dealercrm/app.py" line="+144"/>
        <source>dealercrm cannot start</source>
        <translation>dealercrm ne peut pas démarrer</translation>
    </message>
    <message>
        <location line="+129"/>
        <source>Unexpected error</source>
        <translation>Erreur inattendue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Something went wrong.</source>
        <translation>Une erreur inattendue s&apos;est produite.</translation>
    </message>
</context>
<context>
    <name>Areas</name>
    <message>
        <location filename="../../dealercrm/ui/areas.py" line="+40"/>
        <source>Today</source>
        <translation>Aujourd&apos;hui</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Contacts</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Pipeline</source>
        <translation>Affaires</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Vehicles</source>
        <translation>Véhicules</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>After-sales</source>
        <translation>Après-vente</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Campaigns</source>
        <translation>Campagnes</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Dashboard</source>
        <translation>Tableau de bord</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reports</source>
        <translation>Rapports</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../dealercrm/ui/first_run_dialog.py" line="+35"/>
        <source>Required.</source>
        <translation>Obligatoire.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Letters, digits, dot, dash or underscore; at most 64.</source>
        <translation>Lettres, chiffres, point, tiret ou tiret bas ; 64 au plus.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>At least {count} characters.</source>
        <translation>Au moins {count} caractères.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This login is already taken.</source>
        <translation>Cet identifiant est déjà pris.</translation>
    </message>
    <message>
        <location line="+38"/>
        <location line="+5"/>
        <source>Welcome to dealercrm</source>
        <translation>Bienvenue dans dealercrm</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This database is empty. Set up your dealership, or look around with demo data.</source>
        <translation>Cette base est vide. Créez votre concession, ou découvrez l&apos;application avec des données de démonstration.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&amp;Dealership name</source>
        <translation>Nom de la &amp;concession</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Administrator &amp;login</source>
        <translation>&amp;Identifiant de l&apos;administrateur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Administrator &amp;full name</source>
        <translation>&amp;Nom complet de l&apos;administrateur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password</source>
        <translation>&amp;Mot de passe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password (&amp;again)</source>
        <translation>Mot de passe (&amp;confirmation)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. Garage du Centre</source>
        <translation>ex. Garage du Centre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. admin</source>
        <translation>ex. admin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. Alice Martin</source>
        <translation>ex. Alice Martin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>at least 8 characters</source>
        <translation>au moins 8 caractères</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Set up your dealership</source>
        <translation>Créer votre concession</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Create the dealership</source>
        <translation>Créer la concession</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Explore with demo data…</source>
        <translation>Découvrir avec des données de démo…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Just looking?</source>
        <translation>Simple visite ?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fill this database with a made-up dealership ({count} contacts, vehicles, sales and claims) and log in as one of its staff. Use a separate database for real work.</source>
        <translation>Remplit cette base avec une concession fictive ({count} contacts, véhicules, ventes et réclamations) ; vous vous connectez ensuite comme l&apos;un de ses employés. Utilisez une autre base pour le travail réel.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>The two passwords differ.</source>
        <translation>Les deux mots de passe diffèrent.</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>Preparing the demo dealership…</source>
        <translation>Préparation de la concession de démonstration…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demo data</source>
        <translation>Données de démonstration</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Stopping…</source>
        <translation>Arrêt en cours…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The demo data could not be created: {reason}</source>
        <translation>Les données de démonstration n&apos;ont pas pu être créées : {reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Demo data cancelled: nothing was written.</source>
        <translation>Données de démonstration annulées : rien n&apos;a été écrit.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../dealercrm/ui/login_dialog.py" line="+37"/>
        <source>Too many failed attempts: this account is locked for {minutes} more minute(s).</source>
        <translation>Trop d&apos;essais infructueux : ce compte est verrouillé encore {minutes} minute(s).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Wrong login or password.</source>
        <translation>Identifiant ou mot de passe incorrect.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This account is disabled. Ask the administrator.</source>
        <translation>Ce compte est désactivé. Adressez-vous à l&apos;administrateur.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Too many failed attempts: this account is now locked for a while.</source>
        <translation>Trop d&apos;essais infructueux : ce compte est maintenant verrouillé pour un moment.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>dealercrm — Log in</source>
        <translation>dealercrm — Connexion</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>dealercrm</source>
        <translation>dealercrm</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Log in to your dealership</source>
        <translation>Connectez-vous à votre concession</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>e.g. julie</source>
        <translation>ex. julie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Login</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Login</source>
        <translation>&amp;Identifiant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password</source>
        <translation>&amp;Mot de passe</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+151"/>
        <source>Log in</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <location line="-148"/>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Opening the database…</source>
        <translation>Ouverture de la base de données…</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Demo accounts</source>
        <translation>Comptes de démonstration</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Every demo account has the password &lt;b&gt;{password}&lt;/b&gt;. Click one to fill the form.</source>
        <translation>Tous les comptes de démonstration ont le mot de passe &lt;b&gt;{password}&lt;/b&gt;. Cliquez sur l&apos;un d&apos;eux pour remplir le formulaire.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{login} — {name}, {role}</source>
        <translation>{login} — {name}, {role}</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Type your login.</source>
        <translation>Saisissez votre identifiant.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Type your password.</source>
        <translation>Saisissez votre mot de passe.</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../dealercrm/ui/main_window.py" line="+125"/>
        <source>Areas</source>
        <translation>Rubriques</translation>
    </message>
    <message>
        <location line="+42"/>
        <location line="+1"/>
        <source>Log out</source>
        <translation>Se déconnecter</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>{name} ({role})</source>
        <translation>{name} ({role})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Logged in as {login}</source>
        <translation>Connecté en tant que {login}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Database: {label}</source>
        <translation>Base : {label}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Log out</source>
        <translation>Se &amp;déconnecter</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Search…</source>
        <translation>&amp;Rechercher…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Refresh</source>
        <translation>Actualis&amp;er</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>Raccourcis &amp;clavier</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About dealercrm</source>
        <translation>À &amp;propos de dealercrm</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>You may not open this record.</source>
        <translation>Vous n&apos;avez pas accès à cette fiche.</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Search: next / previous result</source>
        <translation>Recherche : résultat suivant / précédent</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Down / Up</source>
        <translation>Bas / Haut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search: open the selected result</source>
        <translation>Recherche : ouvrir le résultat choisi</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Enter</source>
        <translation>Entrée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search: close the results</source>
        <translation>Recherche : fermer les résultats</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Esc</source>
        <translation>Échap</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation>Touches</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>About dealercrm</source>
        <translation>À propos de dealercrm</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;h3&gt;dealercrm {version}&lt;/h3&gt;&lt;p&gt;Customer relationship management for a car dealership: contacts, pipeline, vehicles, after-sales, campaigns and figures.&lt;/p&gt;&lt;p&gt;Database: {database}&lt;br&gt;Qt for Python {qt}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;dealercrm {version}&lt;/h3&gt;&lt;p&gt;Gestion de la relation client pour une concession automobile : contacts, affaires, véhicules, après-vente, campagnes et indicateurs.&lt;/p&gt;&lt;p&gt;Base : {database}&lt;br&gt;Qt for Python {qt}&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <location filename="../../dealercrm/ui/search_box.py" line="+47"/>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vehicle</source>
        <translation>Véhicule</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Claim</source>
        <translation>Réclamation</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>Search contacts, phones, plates, claims…   Ctrl+K</source>
        <translation>Rechercher contacts, téléphones, plaques, réclamations…   Ctrl+K</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Nothing found for “{query}”.</source>
        <translation>Aucun résultat pour « {query} ».</translation>
    </message>
</context>
<context>
    <name>UnavailablePage</name>
    <message>
        <location filename="../../dealercrm/ui/main_window.py" line="-334"/>
        <source>“{area}” cannot be shown in this version.
{reason}</source>
        <translation>« {area} » ne peut pas être affiché dans cette version.
{reason}</translation>
    </message>
</context>
</TS>
